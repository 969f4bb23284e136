import { InputError } from '@backstage/errors';
import { ControlStatus } from '@devsecops/plugin-security-common';
import { ReportFormat, arr, field, isObject, str } from '@devsecops/plugin-security-node';
import { readJsonDocument } from './readJsonDocument';

const MAX_BYTES = 64 * 1024 * 1024;
const STATUSES: Record<string, ControlStatus> = {
  PASS: 'pass',
  FAIL: 'fail',
  WARN: 'warn',
  // kube-bench's INFO checks are informational: nothing was assessed
  INFO: 'skip',
};

/** kube-bench `--json`: CIS Kubernetes Benchmark checks per node type. */
export const kubeBenchFormat: ReportFormat = {
  id: 'kube-bench',
  displayName: 'kube-bench',
  detect(head) {
    return /"Controls"\s*:\s*\[/.test(head) || (/^\s*\[/.test(head) && /"node_type"\s*:/.test(head) && /"tests"\s*:/.test(head));
  },
  async parse(input, sink) {
    const doc = await readJsonDocument(input, 'kube-bench report', MAX_BYTES);
    const controls = Array.isArray(doc) ? doc : field(doc, 'Controls');
    if (!Array.isArray(controls)) throw new InputError('The kube-bench report has no Controls list');
    const tool = { name: 'kube-bench' };
    sink.toolRun(tool);
    for (const control of controls) {
      if (!isObject(control)) continue;
      const benchmark = str(control, 'version', 128);
      const nodeType = str(control, 'node_type', 64);
      for (const group of arr(control, 'tests')) {
        const section = str(group, 'desc', 512);
        for (const result of arr(group, 'results')) {
          const id = str(result, 'test_number', 64);
          const status = STATUSES[str(result, 'status', 16)?.toUpperCase() ?? ''];
          if (!id || !status) {
            sink.warning('A kube-bench result without a test number or a known status was skipped');
            continue;
          }
          const observed = [str(result, 'reason'), str(result, 'actual_value') && `actual: ${str(result, 'actual_value')}`]
            .filter(Boolean)
            .join('; ');
          await sink.controlResult({
            tool,
            controlId: id,
            benchmark,
            title: str(result, 'test_desc', 2048) ?? id,
            status,
            evidence: [
              {
                resource: nodeType ? `node/${nodeType}` : undefined,
                field: section,
                message: observed || str(result, 'expected_result', 2048),
              },
            ],
            remediation: str(result, 'remediation', 16384),
          });
        }
      }
    }
  },
};
