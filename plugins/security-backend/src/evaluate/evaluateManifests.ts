import { ControlEvidence } from '@devsecops/plugin-security-common';
import { ControlResultInput, ToolInfo } from '@devsecops/plugin-security-node';
import { ControlDefinition, ControlOutcome, Violation } from './types';
import { ManifestSet, readManifestSet } from './manifestSet';
import { POD_CONTROLS, PodControl } from './podSecurity';
import { NamespaceControl } from './namespaceControls';
import { plural } from './wording';
import { NAMESPACE_CONTROLS } from './segmentation';

export const MANIFESTS_TOOL: ToolInfo = { name: 'kubernetes-manifests' };

/** Evidence entries per result, the note on omitted ones included. */
const MAX_EVIDENCE = 100;

/** One result per control, over every workload and namespace of the manifests. */
export function evaluateManifests(objects: unknown[]): ControlResultInput[] {
  return evaluateManifestSet(readManifestSet(objects));
}

export function evaluateManifestSet(set: ManifestSet): ControlResultInput[] {
  return [
    ...POD_CONTROLS.map(control => podResult(control, set)),
    ...NAMESPACE_CONTROLS.map(control => namespaceResult(control, set)),
  ];
}

function podResult(control: PodControl, set: ManifestSet): ControlResultInput {
  if (set.workloads.length === 0) {
    return result(control, { skip: 'The manifests hold no Pod or pod template to check' });
  }
  const containers = set.workloads.reduce((sum, w) => sum + w.containers.length, 0);
  return result(control, {
    checked: set.workloads.length,
    violations: set.workloads.flatMap(w => control.check(w, set)),
    summary: `${plural(set.workloads.length, 'workload')} (${plural(containers, 'container')}) checked; none violates this control`,
  });
}

function namespaceResult(control: NamespaceControl, set: ManifestSet): ControlResultInput {
  return result(control, control.evaluate(set));
}

function result(control: ControlDefinition, outcome: ControlOutcome): ControlResultInput {
  const base = {
    tool: MANIFESTS_TOOL,
    controlId: control.id,
    benchmark: control.benchmark,
    title: control.title,
    severity: control.severity,
    remediation: control.remediation,
  };
  if ('skip' in outcome) return { ...base, status: 'skip', evidence: [{ message: outcome.skip }] };
  if (outcome.violations.length === 0) return { ...base, status: 'pass', evidence: [{ message: outcome.summary }] };
  return { ...base, status: 'fail', evidence: capped(outcome.violations) };
}

function capped(violations: Violation[]): ControlEvidence[] {
  const evidence = violations.map(({ resource, field, message }) =>
    field === undefined ? { resource, message } : { resource, field, message },
  );
  if (evidence.length <= MAX_EVIDENCE) return evidence;
  const kept = evidence.slice(0, MAX_EVIDENCE - 1);
  const omitted = violations.length - kept.length;
  return [...kept, { message: `${plural(omitted, 'more violation')} omitted (${violations.length} in all)` }];
}
