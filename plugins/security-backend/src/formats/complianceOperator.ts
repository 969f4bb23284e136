import { InputError } from '@backstage/errors';
import { ControlStatus, SEVERITIES, Severity } from '@devsecops/plugin-security-common';
import { ReportFormat, arr, obj, str } from '@devsecops/plugin-security-node';
import { kubernetesObjects, readYamlDocuments } from './readYamlDocuments';

const MAX_BYTES = 256 * 1024 * 1024;
const STATUSES: Record<string, ControlStatus> = {
  PASS: 'pass',
  FAIL: 'fail',
  ERROR: 'error',
  // nodes disagreed: someone has to look
  INCONSISTENT: 'warn',
  // nothing was assessed automatically
  MANUAL: 'skip',
  INFO: 'skip',
  'NOT-APPLICABLE': 'skip',
};

/** OpenShift Compliance Operator `ComplianceCheckResult` objects: one, several, or a List. */
export const complianceOperatorFormat: ReportFormat = {
  id: 'compliance-operator',
  displayName: 'Compliance Operator results',
  detect(head) {
    return /compliance\.openshift\.io\//.test(head) && /ComplianceCheckResult/.test(head);
  },
  async parse(input, sink) {
    const results = kubernetesObjects(await readYamlDocuments(input, 'Compliance Operator result', MAX_BYTES));
    const tool = { name: 'compliance-operator' };
    let seen = 0;
    for (const result of results) {
      if (result === null || result === undefined) continue;
      if (!str(result, 'apiVersion')?.startsWith('compliance.openshift.io/') || str(result, 'kind') !== 'ComplianceCheckResult') {
        throw new InputError(`Expected ComplianceCheckResult objects, found ${str(result, 'kind') ?? 'no kind'}`);
      }
      if (seen++ === 0) sink.toolRun(tool);
      const id = str(result, 'id', 255);
      const status = STATUSES[str(result, 'status', 32)?.toUpperCase() ?? ''];
      if (!id || !status) {
        sink.warning('A ComplianceCheckResult without an id or a known status was skipped');
        continue;
      }
      const labels = obj(obj(result, 'metadata'), 'labels');
      const scan = str(labels, 'compliance.openshift.io/scan-name', 128);
      const severity = str(result, 'severity')?.toLowerCase() as Severity | undefined;
      const warnings = arr(result, 'warnings').map(w => str(w, undefined, 4096)).filter(Boolean);
      await sink.controlResult({
        tool,
        controlId: id,
        benchmark: scan,
        title: str(result, 'description', 2048)?.split('\n')[0] ?? id,
        status,
        severity: severity && SEVERITIES.includes(severity) ? severity : undefined,
        evidence: [
          {
            resource: scan ? `ComplianceScan/${scan}` : undefined,
            message: warnings.length > 0 ? warnings.join('; ') : undefined,
          },
        ],
        remediation: str(result, 'instructions', 16384),
      });
    }
    if (seen === 0) throw new InputError('The document holds no ComplianceCheckResult');
  },
};
