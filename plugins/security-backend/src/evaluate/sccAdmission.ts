import { arr, field, num, obj, str } from '@devsecops/plugin-security-node';
import { Violation, Workload } from './types';
import { IdRange, IdRule, SccProfile } from './sccProfiles';
import { GROUPS_ANNOTATION, NamespaceAllocation, UID_RANGE_ANNOTATION, describeRanges, inRanges, sameSeLinuxLevel } from './sccNamespace';
import { containerContext, isTrue, podContext, securityContexts, shown, violation } from './podFields';
import { addedCapabilities } from './pssBaseline';
import { SAFE_SYSCTLS } from './pssBaselineHost';
import { volumeSources } from './pssRestricted';
import { seccompProfilesOf } from './sccSeccomp';

type Rule = (w: Workload, scc: SccProfile, allocation: NamespaceAllocation) => Violation[];

const privileged: Rule = (w, scc) =>
  scc.allowPrivilegedContainer
    ? []
    : w.containers
        .filter(c => isTrue(containerContext(c), 'privileged'))
        .map(c => violation(w, `${c.path}.securityContext.privileged`, `container '${c.name}' is privileged; ${scc.name} does not allow privileged containers`));

const privilegeEscalation: Rule = (w, scc) =>
  scc.allowPrivilegeEscalation
    ? []
    : w.containers
        .filter(c => isTrue(containerContext(c), 'allowPrivilegeEscalation'))
        .map(c => violation(w, `${c.path}.securityContext.allowPrivilegeEscalation`, `container '${c.name}' allows privilege escalation; ${scc.name} requires it unset or false`));

const capabilities: Rule = (w, scc) =>
  scc.allowedCapabilities.includes('*')
    ? []
    : addedCapabilities(w)
        .filter(added => !scc.allowedCapabilities.includes(added.capability))
        .map(added => {
          const allowed = scc.allowedCapabilities.length > 0 ? `only ${scc.allowedCapabilities.join(', ')}` : 'none';
          return violation(w, added.path, `container '${added.container.name}' adds ${added.capability}; ${scc.name} allows ${allowed}`);
        });

const HOST_FIELDS = [
  ['hostNetwork', 'allowHostNetwork'],
  ['hostPID', 'allowHostPID'],
  ['hostIPC', 'allowHostIPC'],
] as const;

const hostAccess: Rule = (w, scc) => {
  const namespaces = HOST_FIELDS.filter(([key, allow]) => !scc[allow] && isTrue(w.spec, key)).map(([key]) =>
    violation(w, `${w.specPath}.${key}`, `${key} is true; ${scc.name} does not allow it`),
  );
  const ports = scc.allowHostPorts
    ? []
    : w.containers.flatMap(c =>
        arr(c.container, 'ports').flatMap((port, i) => {
          const hostPort = num(port, 'hostPort');
          return hostPort ? [violation(w, `${c.path}.ports[${i}].hostPort`, `container '${c.name}' binds host port ${hostPort}; ${scc.name} does not allow host ports`)] : [];
        }),
      );
  return [...namespaces, ...ports];
};

const volumes: Rule = (w, scc) =>
  scc.volumes.includes('*')
    ? []
    : arr(w.spec, 'volumes').flatMap((volume, i) =>
        volumeSources(volume)
          .filter(source => !scc.volumes.includes(source))
          .map(source => violation(w, `${w.specPath}.volumes[${i}].${source}`, `volume '${shown(field(volume, 'name'))}' is of type ${source}; ${scc.name} does not allow it`)),
      );

/** A fixed ID against a range rule; `what` names the field, `source` the annotation of its range. */
function idViolation(
  w: Workload,
  path: string,
  value: number,
  scc: SccProfile,
  rule: IdRule,
  allocated: { ranges: IdRange[] | undefined; source: string; what: string },
): Violation[] {
  const { source, what } = allocated;
  if (rule.type === 'RunAsAny' || rule.type === 'MustRunAsNonRoot') return [];
  const ranges = 'range' in rule && rule.range ? [rule.range] : allocated.ranges;
  if (!ranges) {
    return [
      violation(
        w,
        path,
        `${what} is hard-coded to ${value}; ${scc.name} (${rule.type}) assigns it from the namespace's range (${source}), which these manifests do not state, and rejects a value outside it; leave it unset`,
      ),
    ];
  }
  return inRanges(value, ranges)
    ? []
    : [violation(w, path, `${what} ${value} is outside ${describeRanges(ranges)}, the range ${scc.name} allows`)];
}

const runAsUser: Rule = (w, scc, allocation) =>
  securityContexts(w).flatMap(({ context, path, who }) => {
    const uid = num(context, 'runAsUser');
    const nonRoot = field(context, 'runAsNonRoot');
    if (scc.runAsUser.type === 'MustRunAsNonRoot') {
      if (uid === 0) return [violation(w, `${path}.runAsUser`, `${who} runs as UID 0; ${scc.name} requires a non-root UID`)];
      return nonRoot === false ? [violation(w, `${path}.runAsNonRoot`, `${who} sets runAsNonRoot to false; ${scc.name} requires true`)] : [];
    }
    const known = { ranges: allocation.uids, source: UID_RANGE_ANNOTATION, what: `runAsUser of ${who}` };
    return uid === undefined ? [] : idViolation(w, `${path}.runAsUser`, uid, scc, scc.runAsUser, known);
  });

const groups: Rule = (w, scc, allocation) => {
  const path = `${w.specPath}.securityContext`;
  const fsGroup = num(podContext(w), 'fsGroup');
  const known = (what: string) => ({ ranges: allocation.groups, source: GROUPS_ANNOTATION, what });
  const fromFsGroup = fsGroup === undefined ? [] : idViolation(w, `${path}.fsGroup`, fsGroup, scc, scc.fsGroup, known('fsGroup'));
  const fromSupplemental = arr(podContext(w), 'supplementalGroups').flatMap((group, i) => {
    const gid = num(group);
    return gid === undefined
      ? []
      : idViolation(w, `${path}.supplementalGroups[${i}]`, gid, scc, scc.supplementalGroups, known('supplemental group'));
  });
  return [...fromFsGroup, ...fromSupplemental];
};

const seLinux: Rule = (w, scc, allocation) => {
  if (scc.seLinux.type === 'RunAsAny') return [];
  const requiredType = scc.seLinux.seLinuxType ?? '';
  return securityContexts(w).flatMap(({ context, path, who }) => {
    const options = obj(context, 'seLinuxOptions');
    if (!options) return [];
    const found: Violation[] = [];
    for (const key of ['user', 'role', 'type']) {
      const value = str(options, key) ?? '';
      const required = key === 'type' ? requiredType : '';
      if (value !== required) {
        found.push(violation(w, `${path}.seLinuxOptions.${key}`, `${who} sets SELinux ${key} ${value || '(empty)'}; ${scc.name} requires ${required || 'it unset'}`));
      }
    }
    const level = str(options, 'level') ?? '';
    if (!allocation.mcsLevel || !sameSeLinuxLevel(allocation.mcsLevel, level)) {
      const expected = allocation.mcsLevel ?? "the namespace's MCS level (openshift.io/sa.scc.mcs), which these manifests do not state";
      found.push(violation(w, `${path}.seLinuxOptions.level`, `${who} sets seLinuxOptions with level ${level || '(empty)'}; ${scc.name} (MustRunAs) requires ${expected}`));
    }
    return found;
  });
};

const seccomp: Rule = (w, scc) => {
  if (scc.seccompProfiles.includes('*')) return [];
  return seccompProfilesOf(w)
    .filter(({ profile }) => !scc.seccompProfiles.includes(profile))
    .map(({ path, who, profile }) => {
      const allowed = scc.seccompProfiles.length > 0 ? `only ${scc.seccompProfiles.join(', ')}` : 'no seccomp profile to be set';
      return violation(w, path, `${who} sets seccomp profile ${profile}; ${scc.name} allows ${allowed}`);
    });
};

const unsafeSysctls: Rule = (w, scc) =>
  scc.allowUnsafeSysctls
    ? []
    : arr(podContext(w), 'sysctls').flatMap((sysctl, i) => {
        const name = shown(field(sysctl, 'name'));
        return SAFE_SYSCTLS.has(name)
          ? []
          : [violation(w, `${w.specPath}.securityContext.sysctls[${i}].name`, `sysctl ${name} is unsafe; ${scc.name} allows no unsafe sysctls`)];
      });

const userNamespace: Rule = (w, scc) =>
  scc.requiresUserNamespace && field(w.spec, 'hostUsers') !== false
    ? [violation(w, `${w.specPath}.hostUsers`, `the pod does not set hostUsers to false; ${scc.name} only admits pods in a user namespace`)]
    : [];

const RULES: readonly Rule[] = [
  privileged,
  privilegeEscalation,
  capabilities,
  hostAccess,
  volumes,
  runAsUser,
  groups,
  seLinux,
  seccomp,
  unsafeSysctls,
  userNamespace,
];

/**
 * Why an SCC would refuse a pod: each rule mirrors one SCC field. Admission first defaults what
 * the pod leaves unset (UIDs, SELinux labels, seccomp, dropped capabilities, no privilege
 * escalation), so only what the pod sets itself can be refused.
 */
export function sccViolations(w: Workload, scc: SccProfile, allocation: NamespaceAllocation): Violation[] {
  return RULES.flatMap(rule => rule(w, scc, allocation));
}
