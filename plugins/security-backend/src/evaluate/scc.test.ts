import { requiresPrivileged, restrictedV2 } from './sccChecks';
import { parseIdRanges } from './sccNamespace';
import { fixture, pod, setOf } from './__testUtils__/manifests';

const fields = (violations: Array<{ field?: string }>) => violations.map(v => v.field);

/** Runs a check on the one workload of the manifests, with their namespaces. */
function run(check: typeof restrictedV2, text: string) {
  const set = setOf(text);
  return set.workloads.flatMap(w => check(w, set));
}

const namespace = (annotations: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  annotations:\n${annotations}---\n`;

describe('OpenShift SCCs', () => {
  it('restricted-v2 admits a pod that leaves UIDs, labels and seccomp to OpenShift', () => {
    const text = fixture('hardened-deployment.yaml').toString();
    expect(run(restrictedV2, text)).toEqual([]);
    expect(run(requiresPrivileged, text)).toEqual([]);
  });

  it('restricted-v2 refuses a hard-coded runAsUser when the namespace range is unknown, and explains why', () => {
    const found = run(restrictedV2, pod('  securityContext: {runAsUser: 1000}\n  containers: [{name: a}]\n'));
    expect(found).toEqual([
      {
        resource: 'Pod/ns/p',
        field: 'spec.securityContext.runAsUser',
        message: expect.stringMatching(/hard-coded to 1000; restricted-v2 \(MustRunAsRange\) assigns it from the namespace's range/),
      },
    ]);
  });

  it("checks runAsUser and fsGroup against the namespace's allocation when the manifests carry it", () => {
    const annotated = namespace(
      '    openshift.io/sa.scc.uid-range: 1000650000/10000\n    openshift.io/sa.scc.supplemental-groups: 1000650000/10000\n',
    );
    expect(run(restrictedV2, annotated + pod('  securityContext: {runAsUser: 1000650001, fsGroup: 1000650000}\n  containers: [{name: a}]\n'))).toEqual([]);
    const outside = run(restrictedV2, annotated + pod('  securityContext: {fsGroup: 5}\n  containers: [{name: a, securityContext: {runAsUser: 1000}}]\n'));
    expect(fields(outside)).toEqual(['spec.containers[0].securityContext.runAsUser', 'spec.securityContext.fsGroup']);
    expect(outside[0].message).toContain('outside 1000650000-1000659999');
  });

  it('restricted-v2 refuses SELinux options other than the namespace level', () => {
    const annotated = namespace('    openshift.io/sa.scc.mcs: "s0:c26,c5"\n');
    expect(run(restrictedV2, annotated + pod('  securityContext: {seLinuxOptions: {level: "s0:c5,c26"}}\n  containers: [{name: a}]\n'))).toEqual([]);
    const found = run(restrictedV2, annotated + pod('  containers: [{name: a, securityContext: {seLinuxOptions: {type: spc_t}}}]\n'));
    expect(fields(found)).toEqual([
      'spec.containers[0].securityContext.seLinuxOptions.type',
      'spec.containers[0].securityContext.seLinuxOptions.level',
    ]);
  });

  it('restricted-v2 allows NET_BIND_SERVICE and runtime/default, nothing more', () => {
    const found = run(
      restrictedV2,
      pod(`  containers:
    - {name: a, securityContext: {capabilities: {add: [NET_BIND_SERVICE, NET_ADMIN]}, seccompProfile: {type: RuntimeDefault}}}
    - {name: b, securityContext: {allowPrivilegeEscalation: true, seccompProfile: {type: Localhost, localhostProfile: b.json}}}
`),
    );
    expect(found.map(v => [v.field, v.message])).toEqual([
      ['spec.containers[1].securityContext.allowPrivilegeEscalation', expect.stringContaining('allows privilege escalation')],
      ['spec.containers[0].securityContext.capabilities.add[1]', expect.stringContaining('allows only NET_BIND_SERVICE')],
      ['spec.containers[1].securityContext.seccompProfile.type', expect.stringContaining('localhost/b.json')],
    ]);
  });

  it('a privileged node agent needs the privileged SCC; the evidence is what the closest SCC refuses', () => {
    const found = run(requiresPrivileged, fixture('privileged-daemonset.yaml').toString());
    expect(found.every(v => v.resource === 'DaemonSet/monitoring/node-agent')).toBe(true);
    expect(found[0].message).toMatch(/^only the privileged SCC admits this pod; the closest default SCC, hostaccess, refuses it: /);
    expect(fields(found)).toEqual([
      'spec.template.spec.containers[0].securityContext.privileged',
      'spec.template.spec.containers[0].securityContext.capabilities.add[0]',
      'spec.template.spec.containers[0].securityContext.capabilities.add[1]',
      'spec.template.spec.securityContext.runAsUser',
      'spec.template.spec.securityContext.seLinuxOptions.type',
      'spec.template.spec.securityContext.seLinuxOptions.level',
      'spec.template.spec.containers[0].securityContext.seccompProfile.type',
      'spec.template.spec.securityContext.sysctls[1].name',
    ]);
  });

  it.each([
    ['host PID alone (hostaccess admits it)', '  hostPID: true\n  containers: [{name: a}]\n'],
    ['host network with runtime/default seccomp (hostnetwork-v2)', '  hostNetwork: true\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  containers: [{name: a}]\n'],
    ['root (anyuid)', '  securityContext: {runAsUser: 0}\n  containers: [{name: a}]\n'],
    ['a fixed non-root UID with runtime/default (nonroot-v2)', '  securityContext: {runAsUser: 1001, seccompProfile: {type: RuntimeDefault}}\n  containers: [{name: a}]\n'],
    ['root with SETUID in a user namespace (nested-container)', '  hostUsers: false\n  securityContext: {runAsUser: 0}\n  containers: [{name: a, securityContext: {capabilities: {add: [SETUID]}}}]\n'],
  ])('a pod with %s does not need privileged', (_, spec) => {
    expect(run(requiresPrivileged, pod(spec))).toEqual([]);
  });

  it.each([
    ['an added capability no default SCC grants', '  containers: [{name: a, securityContext: {capabilities: {add: [SYS_TIME]}}}]\n', 'capabilities.add[0]'],
    ['an Unconfined seccomp profile', '  securityContext: {seccompProfile: {type: Unconfined}}\n  containers: [{name: a}]\n', 'seccompProfile.type'],
    ['an unsafe sysctl', '  securityContext: {sysctls: [{name: kernel.msgmax, value: "1"}]}\n  containers: [{name: a}]\n', 'sysctls[0].name'],
  ])('a pod with %s needs privileged', (_, spec, field) => {
    const found = run(requiresPrivileged, pod(spec));
    expect(found).toHaveLength(1);
    expect(found[0].field).toContain(field);
  });

  it('reads namespace ranges as start/size or start-end blocks, and refuses anything else', () => {
    expect(parseIdRanges('1000650000/10000')).toEqual([{ min: 1000650000, max: 1000659999 }]);
    expect(parseIdRanges('100-199,300/10')).toEqual([{ min: 100, max: 199 }, { min: 300, max: 309 }]);
    expect(parseIdRanges('lots')).toBeUndefined();
  });
});
