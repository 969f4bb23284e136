import { YMap, YamlFile, asMap, get, items, str } from './yamlTree';

export interface K8sObject {
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  node: YMap;
  line: number;
}

/** Every object with an `apiVersion` and a `kind` in the files, `List` items included. */
export function readObjects(files: YamlFile[]): K8sObject[] {
  const out: K8sObject[] = [];
  const add = (file: string, node: YMap | undefined) => {
    const apiVersion = str(get(node, 'apiVersion'));
    const kind = str(get(node, 'kind'));
    if (!node || !apiVersion || !kind) return;
    if (kind === 'List' || kind.endsWith('List')) {
      for (const item of items(get(node, 'items'))) add(file, asMap(item));
      return;
    }
    out.push({
      file,
      apiVersion,
      kind,
      name: str(get(node, 'metadata', 'name')) ?? '',
      namespace: str(get(node, 'metadata', 'namespace')),
      node,
      line: node.line,
    });
  };
  for (const file of files) {
    for (const doc of file.documents) add(file.path, asMap(doc));
  }
  return out;
}

const TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'DeploymentConfig',
  'Rollout',
]);

export interface PodTemplate {
  object: K8sObject;
  /** The pod template's metadata (labels, annotations), when the object has a template. */
  metadata?: YMap;
  spec: YMap;
}

/** The pod spec of a workload, wherever its kind keeps it. */
export function podTemplateOf(object: K8sObject): PodTemplate | undefined {
  const { node, kind, apiVersion } = object;
  let template: YMap | undefined;
  if (kind === 'Pod') {
    const spec = asMap(get(node, 'spec'));
    return spec
      ? { object, metadata: asMap(get(node, 'metadata')), spec }
      : undefined;
  }
  if (kind === 'CronJob') {
    template = asMap(get(node, 'spec', 'jobTemplate', 'spec', 'template'));
  } else if (
    TEMPLATE_KINDS.has(kind) ||
    (kind === 'Service' && apiVersion.startsWith('serving.knative.dev/'))
  ) {
    template = asMap(get(node, 'spec', 'template'));
  }
  const spec = asMap(get(template, 'spec'));
  return spec
    ? { object, metadata: asMap(get(template, 'metadata')), spec }
    : undefined;
}

export interface ContainerRef {
  template: PodTemplate;
  container: YMap;
  name: string;
  init: boolean;
}

export function containersOf(template: PodTemplate): ContainerRef[] {
  const list = (key: string, init: boolean) =>
    items(get(template.spec, key)).flatMap(c => {
      const container = asMap(c);
      return container
        ? [
            {
              template,
              container,
              name: str(get(container, 'name')) ?? '?',
              init,
            },
          ]
        : [];
    });
  return [...list('initContainers', true), ...list('containers', false)];
}

export function isKustomization(path: string): boolean {
  return /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(path);
}
