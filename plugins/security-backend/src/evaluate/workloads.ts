import { JsonObject, arr, isObject, obj, str } from '@devsecops/plugin-security-node';
import { ContainerList, ContainerRef, Workload } from './types';
import { apiGroup, namespaceOf, resourceName } from './objects';

interface TemplateLocation {
  /** API groups that serve the kind; `''` is the core group. */
  groups: readonly string[];
  /** Keys from the object to its pod template; empty when the object is the pod. */
  path: readonly string[];
}

const TEMPLATE = ['spec', 'template'];

const TEMPLATE_LOCATIONS = new Map<string, TemplateLocation>([
  ['Pod', { groups: [''], path: [] }],
  ['ReplicationController', { groups: [''], path: TEMPLATE }],
  ['Deployment', { groups: ['apps', 'extensions'], path: TEMPLATE }],
  ['StatefulSet', { groups: ['apps'], path: TEMPLATE }],
  ['DaemonSet', { groups: ['apps', 'extensions'], path: TEMPLATE }],
  ['ReplicaSet', { groups: ['apps', 'extensions'], path: TEMPLATE }],
  ['Job', { groups: ['batch'], path: TEMPLATE }],
  ['CronJob', { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template'] }],
  // OpenShift 3 served DeploymentConfig from the core group too
  ['DeploymentConfig', { groups: ['apps.openshift.io', ''], path: TEMPLATE }],
]);

export const WORKLOAD_KINDS: readonly string[] = [...TEMPLATE_LOCATIONS.keys()];

const CONTAINER_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

function locationOf(object: unknown): TemplateLocation | undefined {
  const kind = str(object, 'kind');
  const location = kind ? TEMPLATE_LOCATIONS.get(kind) : undefined;
  const group = apiGroup(object);
  // a manifest without apiVersion is still read; a kind of the same name in another group is not ours
  return location && (group === undefined || location.groups.includes(group)) ? location : undefined;
}

export function isWorkloadObject(object: unknown): boolean {
  return locationOf(object) !== undefined;
}

/** The pod spec of a workload object, or undefined when it is not one or has no pod spec. */
export function extractWorkload(object: unknown): Workload | undefined {
  const location = locationOf(object);
  if (!location || !isObject(object)) return undefined;
  let template: JsonObject | undefined = object;
  for (const key of location.path) template = obj(template, key);
  const spec = obj(template, 'spec');
  if (!spec) return undefined;
  const prefix = location.path.map(key => `${key}.`).join('');
  const specPath = `${prefix}spec`;
  const kind = str(object, 'kind') as string;
  const namespace = namespaceOf(object);
  const name = str(obj(object, 'metadata'), 'name', 253) ?? '(unnamed)';
  return {
    kind,
    namespace,
    name,
    resource: resourceName(kind, namespace, name),
    spec,
    specPath,
    metadata: obj(template, 'metadata') ?? {},
    metadataPath: `${prefix}metadata`,
    containers: containersOf(spec, specPath),
  };
}

export function extractWorkloads(objects: unknown[]): Workload[] {
  return objects.flatMap(object => extractWorkload(object) ?? []);
}

function containersOf(spec: JsonObject, specPath: string): ContainerRef[] {
  return CONTAINER_LISTS.flatMap(list =>
    arr(spec, list).flatMap((container, i) =>
      isObject(container)
        ? [{ container, list, path: `${specPath}.${list}[${i}]`, name: str(container, 'name', 253) ?? `${list}[${i}]` }]
        : [],
    ),
  );
}
