import { Violation, Workload } from './types';
import { ManifestSet } from './manifestSet';
import { NON_PRIVILEGED_SCCS, RESTRICTED_V2 } from './sccProfiles';
import { namespaceAllocation } from './sccNamespace';
import { sccViolations } from './sccAdmission';

/** Would OpenShift's default SCC for authenticated users, restricted-v2, admit the pod? */
export function restrictedV2(w: Workload, set: ManifestSet): Violation[] {
  return sccViolations(w, RESTRICTED_V2, namespaceAllocation(set, w.namespace));
}

/**
 * Does only the privileged SCC admit the pod? When no other default SCC does, the evidence is
 * what the closest one (fewest refusals) refuses: the smallest change that avoids privileged.
 */
export function requiresPrivileged(w: Workload, set: ManifestSet): Violation[] {
  const allocation = namespaceAllocation(set, w.namespace);
  let closest: { name: string; violations: Violation[] } | undefined;
  for (const scc of NON_PRIVILEGED_SCCS) {
    const violations = sccViolations(w, scc, allocation);
    if (violations.length === 0) return [];
    if (!closest || violations.length < closest.violations.length) closest = { name: scc.name, violations };
  }
  const nearest = closest as { name: string; violations: Violation[] };
  return nearest.violations.map(v => ({
    ...v,
    message: `only the privileged SCC admits this pod; the closest default SCC, ${nearest.name}, refuses it: ${v.message}`,
  }));
}
