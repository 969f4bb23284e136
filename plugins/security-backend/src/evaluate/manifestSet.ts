import { JsonObject, isObject, str } from '@devsecops/plugin-security-node';
import { Workload } from './types';
import { apiGroup, nameOf, namespaceOf } from './objects';
import { extractWorkload, isWorkloadObject } from './workloads';

/** The manifests, sorted into what the checks read. */
export interface ManifestSet {
  workloads: Workload[];
  /** Namespace objects by name. */
  namespaces: Map<string, JsonObject>;
  /** ServiceAccounts by `namespace/name`. */
  serviceAccounts: Map<string, JsonObject>;
  networkPolicies: JsonObject[];
  /** Every object of an `*.istio.io` API group. */
  istioObjects: JsonObject[];
  /** Objects nothing here evaluates, counted by kind. */
  ignoredKinds: Map<string, number>;
  /** Workload objects that have no pod spec to check. */
  withoutPodSpec: number;
}

export function isIstioObject(object: unknown): boolean {
  return apiGroup(object)?.endsWith('.istio.io') ?? false;
}

function isCore(object: unknown, kind: string, group: string): boolean {
  const objectGroup = apiGroup(object);
  return str(object, 'kind') === kind && (objectGroup === undefined || objectGroup === group);
}

export function readManifestSet(objects: unknown[]): ManifestSet {
  const set: ManifestSet = {
    workloads: [],
    namespaces: new Map(),
    serviceAccounts: new Map(),
    networkPolicies: [],
    istioObjects: [],
    ignoredKinds: new Map(),
    withoutPodSpec: 0,
  };
  for (const object of objects) {
    if (!isObject(object) || !str(object, 'kind')) continue;
    sortObject(object, set);
  }
  return set;
}

function sortObject(object: JsonObject, set: ManifestSet) {
  if (isWorkloadObject(object)) {
    const workload = extractWorkload(object);
    if (workload) set.workloads.push(workload);
    else set.withoutPodSpec++;
  } else if (isCore(object, 'Namespace', '')) {
    set.namespaces.set(nameOf(object), object);
  } else if (isCore(object, 'ServiceAccount', '')) {
    set.serviceAccounts.set(`${namespaceOf(object)}/${nameOf(object)}`, object);
  } else if (isCore(object, 'NetworkPolicy', 'networking.k8s.io')) {
    set.networkPolicies.push(object);
  } else if (isIstioObject(object)) {
    set.istioObjects.push(object);
  } else {
    const kind = str(object, 'kind', 100) as string;
    set.ignoredKinds.set(kind, (set.ignoredKinds.get(kind) ?? 0) + 1);
  }
}

/** The namespaces that hold workloads, sorted. */
export function workloadNamespaces(set: ManifestSet): string[] {
  return [...new Set(set.workloads.map(w => w.namespace))].sort();
}
