import { JsonObject, arr, field, isObject, obj } from '@devsecops/plugin-security-node';
import { ControlOutcome, Violation } from './types';
import { ManifestSet, workloadNamespaces } from './manifestSet';
import { namespaceOf, namespaceResource } from './objects';
import { plural } from './wording';

type Direction = 'Ingress' | 'Egress';

/** An empty (or, as the API decodes it, absent) podSelector selects every pod of the namespace. */
function selectsAllPods(spec: JsonObject | undefined): boolean {
  const selector = field(spec, 'podSelector');
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector)) return false;
  return Object.keys(obj(selector, 'matchLabels') ?? {}).length === 0 && arr(selector, 'matchExpressions').length === 0;
}

/** Without policyTypes a policy covers Ingress, and Egress only when it has egress rules. */
function policyTypes(spec: JsonObject | undefined): unknown[] {
  const declared = arr(spec, 'policyTypes');
  if (declared.length > 0) return declared;
  return arr(spec, 'egress').length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Selects all pods, covers the direction and allows nothing in it. */
function deniesAll(policy: JsonObject, direction: Direction): boolean {
  const spec = obj(policy, 'spec');
  const rules = arr(spec, direction === 'Ingress' ? 'ingress' : 'egress');
  return selectsAllPods(spec) && policyTypes(spec).includes(direction) && rules.length === 0;
}

export function defaultDeny(set: ManifestSet): ControlOutcome {
  const namespaces = workloadNamespaces(set);
  if (namespaces.length === 0) return { skip: 'The manifests hold no workloads, so no namespace needs a NetworkPolicy' };
  const violations: Violation[] = [];
  const egressOpen: string[] = [];
  for (const namespace of namespaces) {
    const policies = set.networkPolicies.filter(p => namespaceOf(p) === namespace);
    const ingress = policies.some(p => deniesAll(p, 'Ingress'));
    const egress = policies.some(p => deniesAll(p, 'Egress'));
    if (!ingress) {
      violations.push({
        resource: namespaceResource(namespace),
        message: `no NetworkPolicy in namespace ${namespace} selects all pods (podSelector: {}) with policyTypes Ingress and no ingress rules${
          egress ? '; egress alone is denied' : '; egress is not denied either'
        }`,
      });
    } else if (!egress) {
      egressOpen.push(namespace);
    }
  }
  const egressNote =
    egressOpen.length > 0 ? `egress is not denied by default in ${egressOpen.join(', ')}` : 'egress is denied by default too';
  return {
    checked: namespaces.length,
    violations,
    summary: `Checked ${plural(namespaces.length, 'namespace')} with workloads (${namespaces.join(', ')}): each denies ingress by default; ${egressNote}`,
  };
}
