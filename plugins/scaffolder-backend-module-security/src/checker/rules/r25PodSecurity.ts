import {
  ContainerRef,
  PodTemplate,
  containersOf,
  podTemplateOf,
} from '../model/kubernetes';
import { Repository } from '../model/Repository';
import {
  YMap,
  YNode,
  entry,
  get,
  isFalse,
  isTrue,
  items,
  str,
  strings,
} from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';

function finding(
  template: PodTemplate,
  node: YNode | undefined,
  fallback: YNode,
  message: string,
): Finding {
  return { file: template.object.file, line: (node ?? fallback).line, message };
}

function podFindings(repo: Repository, template: PodTemplate): Finding[] {
  const { spec, object } = template;
  const name = `${object.kind} \`${object.name}\``;
  const findings: Finding[] = [];
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
    const node = get(spec, key);
    if (isTrue(node))
      findings.push(
        finding(
          template,
          node,
          spec,
          `${name} sets \`${key}: true\`, sharing the node's namespaces. Remove it.`,
        ),
      );
  }
  for (const volume of items(get(spec, 'volumes'))) {
    if (get(volume, 'hostPath')) {
      findings.push(
        finding(
          template,
          volume,
          spec,
          `${name} mounts the node's filesystem (\`hostPath\` volume \`${
            str(get(volume, 'name')) ?? ''
          }\`). Use a PVC, emptyDir, ConfigMap or Secret.`,
        ),
      );
    }
  }
  const podContext = get(spec, 'securityContext');
  for (const key of ['runAsUser', 'fsGroup']) {
    const node = get(podContext, key);
    if (node)
      findings.push(
        finding(
          template,
          node,
          spec,
          `${name} hard-codes pod \`securityContext.${key}\`; OpenShift's restricted-v2 assigns it from the namespace range and rejects other values. Remove it.`,
        ),
      );
  }
  const automount = get(spec, 'automountServiceAccountToken');
  if (!isFalse(automount)) {
    const accountName = str(get(spec, 'serviceAccountName')) ?? 'default';
    const account = repo.deployObjects.find(
      o => o.kind === 'ServiceAccount' && o.name === accountName,
    );
    if (
      isTrue(automount) ||
      !isFalse(get(account?.node, 'automountServiceAccountToken'))
    ) {
      findings.push(
        finding(
          template,
          automount,
          spec,
          `${name} mounts a service account token the application does not need. Set \`automountServiceAccountToken: false\` in the pod spec.`,
        ),
      );
    }
  }
  return findings;
}

const PROBES = ['readinessProbe', 'livenessProbe'];

function containerFindings(ref: ContainerRef): Finding[] {
  const { template, container, name, init } = ref;
  const what = `Container \`${name}\` of ${template.object.kind} \`${template.object.name}\``;
  const context = get(container, 'securityContext') as YMap | undefined;
  const findings: Finding[] = [];
  const add = (node: YNode | undefined, message: string) =>
    findings.push(finding(template, node, container, `${what} ${message}`));
  if (!context) {
    add(
      undefined,
      'has no `securityContext`. Set `runAsNonRoot: true`, `allowPrivilegeEscalation: false`, `capabilities: { drop: [ALL] }`, `seccompProfile: { type: RuntimeDefault }` and `readOnlyRootFilesystem: true`.',
    );
  } else {
    if (!isTrue(get(context, 'runAsNonRoot')))
      add(
        get(context, 'runAsNonRoot'),
        'does not set `securityContext.runAsNonRoot: true` on the container.',
      );
    if (!isFalse(get(context, 'allowPrivilegeEscalation')))
      add(
        get(context, 'allowPrivilegeEscalation'),
        'does not set `allowPrivilegeEscalation: false`.',
      );
    if (isTrue(get(context, 'privileged')))
      add(get(context, 'privileged'), 'runs `privileged`. Remove it.');
    const drop = strings(get(context, 'capabilities', 'drop'));
    if (!drop.includes('ALL'))
      add(
        get(context, 'capabilities'),
        'does not drop all capabilities (`capabilities: { drop: [ALL] }`).',
      );
    const added = strings(get(context, 'capabilities', 'add')).filter(
      c => c !== 'NET_BIND_SERVICE',
    );
    if (added.length > 0)
      add(
        get(context, 'capabilities', 'add'),
        `adds capabilities ${added.join(
          ', ',
        )}; only NET_BIND_SERVICE is allowed.`,
      );
    const seccomp = str(get(context, 'seccompProfile', 'type'));
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      add(
        get(context, 'seccompProfile'),
        'does not set `seccompProfile: { type: RuntimeDefault }` on the container.',
      );
    if (!isTrue(get(context, 'readOnlyRootFilesystem')))
      add(
        get(context, 'readOnlyRootFilesystem'),
        'does not set `readOnlyRootFilesystem: true`; mount an emptyDir where it must write.',
      );
    const user = entry(context, 'runAsUser');
    if (user)
      add(
        user.value,
        'hard-codes `runAsUser`; restricted-v2 assigns the UID from the namespace range. Remove it.',
      );
  }
  for (const port of items(get(container, 'ports'))) {
    if (get(port, 'hostPort'))
      add(
        get(port, 'hostPort'),
        'binds a `hostPort`. Expose it through a Service instead.',
      );
  }
  const resources = get(container, 'resources');
  const missing = ['requests', 'limits'].flatMap(kind =>
    ['cpu', 'memory']
      .filter(r => !str(get(resources, kind, r)))
      .map(r => `${kind}.${r}`),
  );
  if (missing.length > 0)
    add(resources, `sets no resources ${missing.join(', ')}.`);
  if (!init) {
    const absent = PROBES.filter(p => !get(container, p));
    if (absent.length > 0) add(undefined, `has no ${absent.join(' or ')}.`);
  }
  return findings;
}

export const r25 = defineRule({
  id: 'R25',
  title: 'Pod spec meets PSS restricted and OpenShift restricted-v2',
  description:
    'Pod spec meets Pod Security Standards restricted and OpenShift restricted-v2: container-level `runAsNonRoot: true`, `allowPrivilegeEscalation: false`, `capabilities.drop: [ALL]`, `seccompProfile: RuntimeDefault`; no privileged/host namespaces/hostPath/hostPort; no hard-coded `runAsUser`/`fsGroup`; `readOnlyRootFilesystem: true`; `automountServiceAccountToken: false`; requests/limits; probes.',
  helpUri:
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  severity: 'high',
  check: repo => {
    const templates = repo.deployObjects
      .map(podTemplateOf)
      .filter((t): t is PodTemplate => t !== undefined);
    if (templates.length === 0) {
      return [
        {
          file: 'deploy/',
          message:
            'No workload manifests under deploy/ to hold the pod security settings. Keep the Deployment (or other workload) there.',
        },
      ];
    }
    return templates.flatMap(t => [
      ...podFindings(repo, t),
      ...containersOf(t).flatMap(containerFindings),
    ]);
  },
});
