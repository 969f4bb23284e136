import { InputError } from '@backstage/errors';
import { ControlEvidence, ControlStatus, Severity } from '@devsecops/plugin-security-common';
import { ReportFormat, arr, field, isObject, num, obj, str } from '@devsecops/plugin-security-node';
import { readJsonDocument } from './readJsonDocument';

const MAX_BYTES = 256 * 1024 * 1024;
const MAX_EVIDENCE = 100;
const STATUSES: Record<string, ControlStatus> = { failed: 'fail', passed: 'pass', skipped: 'skip' };

/** Kubescape's score factor (1-10) in the bands its own UI uses. */
function severityOf(scoreFactor: number | undefined): Severity | undefined {
  if (scoreFactor === undefined) return undefined;
  if (scoreFactor >= 9) return 'critical';
  if (scoreFactor >= 7) return 'high';
  if (scoreFactor >= 4) return 'medium';
  return 'low';
}

/** Kubescape `--format json` posture reports: one result per control, failing resources as evidence. */
export const kubescapeFormat: ReportFormat = {
  id: 'kubescape',
  displayName: 'Kubescape',
  detect(head) {
    return /"summaryDetails"\s*:/.test(head) && /"(controls|frameworks)"\s*:/.test(head);
  },
  async parse(input, sink) {
    const doc = await readJsonDocument(input, 'Kubescape report', MAX_BYTES);
    const controls = obj(obj(doc, 'summaryDetails'), 'controls');
    if (!controls) throw new InputError('The Kubescape report has no summaryDetails.controls');
    const failing = failingResources(arr(doc, 'results'));
    const tool = { name: 'kubescape' };
    sink.toolRun(tool);
    for (const [id, control] of Object.entries(controls)) {
      const status = STATUSES[str(control, 'status', 16) ?? ''];
      if (!status || !isObject(control)) {
        sink.warning(`Kubescape control ${id.slice(0, 64)} has no known status and was skipped`);
        continue;
      }
      const info = str(obj(control, 'statusInfo'), 'info', 2048);
      const resources = failing.get(id) ?? [];
      const evidence: ControlEvidence[] =
        resources.length > 0
          ? resources.slice(0, MAX_EVIDENCE).map(resource => ({ resource }))
          : [{ message: info }];
      await sink.controlResult({
        tool,
        controlId: str(control, 'controlID', 64) ?? id.slice(0, 64),
        benchmark: str(obj(control, 'category'), 'name', 128),
        title: str(control, 'name', 2048) ?? id,
        status,
        severity: severityOf(num(control, 'scoreFactor')),
        evidence,
      });
    }
  },
};

/** Control id → the resources (`/apiVersion/namespace/Kind/name`) that failed it. */
function failingResources(results: unknown[]): Map<string, string[]> {
  const byControl = new Map<string, string[]>();
  for (const result of results) {
    const resource = str(result, 'resourceID', 1024);
    if (!resource) continue;
    for (const control of arr(result, 'controls')) {
      const id = str(control, 'controlID', 64);
      if (!id || str(field(control, 'status'), 'status') !== 'failed') continue;
      const list = byControl.get(id) ?? [];
      list.push(resource);
      byControl.set(id, list);
    }
  }
  return byControl;
}
