import { JsonObject, arr, field, isObject, obj, str } from '@devsecops/plugin-security-node';
import { ControlOutcome, Violation, Workload } from './types';
import { ManifestSet, workloadNamespaces } from './manifestSet';
import { apiGroup, metadataValue, namespaceOf, namespaceResource, objectResource } from './objects';
import { plural } from './wording';

/** Istio's default root namespace: policies there without a selector apply to the whole mesh. */
const ROOT_NAMESPACE = 'istio-system';
const INJECT = 'sidecar.istio.io/inject';
const NOT_USED =
  'Istio is not used by these manifests: no *.istio.io object, no namespace labelled for the mesh, no pod with sidecar.istio.io/inject: "true"';

function injection(w: Workload): string | undefined {
  return metadataValue(obj(w.metadata, 'annotations'), INJECT) ?? metadataValue(obj(w.metadata, 'labels'), INJECT);
}

function namespaceLabel(set: ManifestSet, namespace: string, key: string): string | undefined {
  return metadataValue(obj(obj(set.namespaces.get(namespace), 'metadata'), 'labels'), key);
}

function labelledForMesh(set: ManifestSet, namespace: string): boolean {
  return (
    namespaceLabel(set, namespace, 'istio-injection') === 'enabled' ||
    namespaceLabel(set, namespace, 'istio.io/rev') !== undefined ||
    namespaceLabel(set, namespace, 'istio.io/dataplane-mode') === 'ambient'
  );
}

/** Namespaces whose workloads the mesh covers; undefined when Istio is not used at all. */
export function meshNamespaces(set: ManifestSet): string[] | undefined {
  const used =
    set.istioObjects.length > 0 ||
    [...set.namespaces.keys()].some(namespace => labelledForMesh(set, namespace)) ||
    set.workloads.some(w => injection(w) === 'true');
  if (!used) return undefined;
  return workloadNamespaces(set).filter(namespace => {
    if (namespaceLabel(set, namespace, 'istio-injection') === 'disabled') return false;
    return set.workloads.some(w => w.namespace === namespace && injection(w) !== 'false');
  });
}

function securityPolicies(set: ManifestSet, kind: string): JsonObject[] {
  return set.istioObjects.filter(o => str(o, 'kind') === kind && apiGroup(o) === 'security.istio.io');
}

/** A selector or a target reference narrows a policy to some workloads. */
function isNarrowed(policy: JsonObject): boolean {
  const spec = obj(policy, 'spec');
  const labels = obj(obj(spec, 'selector'), 'matchLabels');
  return (labels !== undefined && Object.keys(labels).length > 0) || isObject(field(spec, 'targetRef')) || arr(spec, 'targetRefs').length > 0;
}

function mtlsMode(mtls: unknown): string {
  return str(mtls, 'mode')?.toUpperCase() ?? 'UNSET';
}

function isWeakened(mode: string): boolean {
  return mode === 'PERMISSIVE' || mode === 'DISABLE';
}

function namespaceMtls(set: ManifestSet, namespace: string): Violation[] {
  const all = securityPolicies(set, 'PeerAuthentication');
  const own = all.filter(p => namespaceOf(p) === namespace);
  const mesh = all.filter(p => namespaceOf(p) === ROOT_NAMESPACE && !isNarrowed(p));
  // the namespace-wide policy overrides the mesh's, unless it leaves the mode UNSET
  const effective = [...own.filter(p => !isNarrowed(p)), ...mesh].find(p => mtlsMode(obj(obj(p, 'spec'), 'mtls')) !== 'UNSET');
  const found: Violation[] = [];
  if (!effective) {
    found.push({
      resource: namespaceResource(namespace),
      message: `no PeerAuthentication sets mtls.mode STRICT for namespace ${namespace}, in it or mesh-wide in ${ROOT_NAMESPACE}; Istio then also accepts plaintext (PERMISSIVE)`,
    });
  } else if (mtlsMode(obj(obj(effective, 'spec'), 'mtls')) !== 'STRICT') {
    found.push({
      resource: objectResource(effective),
      field: 'spec.mtls.mode',
      message: `mtls.mode is ${mtlsMode(obj(obj(effective, 'spec'), 'mtls'))} for namespace ${namespace}; STRICT is required`,
    });
  }
  for (const policy of own) {
    const spec = obj(policy, 'spec');
    if (isNarrowed(policy) && isWeakened(mtlsMode(obj(spec, 'mtls')))) {
      found.push({ resource: objectResource(policy), field: 'spec.mtls.mode', message: `mtls.mode is ${mtlsMode(obj(spec, 'mtls'))} for the workloads it selects; STRICT is required` });
    }
    const ports = obj(spec, 'portLevelMtls') ?? {};
    for (const port of Object.keys(ports).filter(p => isWeakened(mtlsMode(field(ports, p))))) {
      found.push({ resource: objectResource(policy), field: `spec.portLevelMtls.${port}.mode`, message: `port ${port} overrides mTLS to ${mtlsMode(field(ports, port))}; STRICT is required` });
    }
  }
  return found;
}

export function mtlsStrict(set: ManifestSet): ControlOutcome {
  const namespaces = meshNamespaces(set);
  if (!namespaces) return { skip: NOT_USED };
  if (namespaces.length === 0) return { skip: 'No namespace with workloads is in the Istio mesh' };
  return {
    checked: namespaces.length,
    violations: namespaces.flatMap(namespace => namespaceMtls(set, namespace)),
    summary: `mutual TLS is STRICT for all ${plural(namespaces.length, 'meshed namespace')} (${namespaces.join(', ')}), with no weaker port or workload override`,
  };
}

/** An ALLOW policy with an empty rule matches every request: it allows, it does not restrict. */
function allowsEverything(policy: JsonObject): boolean {
  const spec = obj(policy, 'spec');
  const action = str(spec, 'action')?.toUpperCase() ?? 'ALLOW';
  return action === 'ALLOW' && arr(spec, 'rules').some(rule => isObject(rule) && Object.keys(rule).length === 0);
}

function namespaceAuthorization(set: ManifestSet, namespace: string): Violation[] {
  const applicable = securityPolicies(set, 'AuthorizationPolicy').filter(
    p => namespaceOf(p) === namespace || (namespaceOf(p) === ROOT_NAMESPACE && !isNarrowed(p)),
  );
  if (applicable.some(p => !allowsEverything(p))) return [];
  if (applicable.length === 0) {
    return [
      {
        resource: namespaceResource(namespace),
        message: `no AuthorizationPolicy in namespace ${namespace} nor mesh-wide in ${ROOT_NAMESPACE}; Istio allows every request`,
      },
    ];
  }
  return applicable.map(p => ({
    resource: objectResource(p),
    field: 'spec.rules',
    message: `an ALLOW rule that is empty allows every request to namespace ${namespace}; it restricts nothing`,
  }));
}

export function authorizationPolicy(set: ManifestSet): ControlOutcome {
  const namespaces = meshNamespaces(set);
  if (!namespaces) return { skip: NOT_USED };
  if (namespaces.length === 0) return { skip: 'No namespace with workloads is in the Istio mesh' };
  return {
    checked: namespaces.length,
    violations: namespaces.flatMap(namespace => namespaceAuthorization(set, namespace)),
    summary: `an AuthorizationPolicy restricts requests in all ${plural(namespaces.length, 'meshed namespace')} (${namespaces.join(', ')})`,
  };
}
