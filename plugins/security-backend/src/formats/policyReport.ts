import { InputError } from '@backstage/errors';
import { ControlStatus, SEVERITIES, Severity } from '@devsecops/plugin-security-common';
import {
  JsonObject,
  ReportFormat,
  ReportSink,
  arr,
  isObject,
  obj,
  str,
} from '@devsecops/plugin-security-node';
import { kubernetesObjects, readYamlDocuments } from './readYamlDocuments';

const MAX_BYTES = 256 * 1024 * 1024;
const KINDS = new Set(['PolicyReport', 'ClusterPolicyReport']);
const STATUSES = new Set<ControlStatus>(['pass', 'fail', 'warn', 'error', 'skip']);

/**
 * Policy Reports (`wgpolicyk8s.io` v1alpha1/v1alpha2/v1beta*), as Kyverno, the kube-bench and
 * Trivy adapters, Falco and others emit them: one, several (`---`), or a `List` of them.
 */
export const policyReportFormat: ReportFormat = {
  id: 'policy-report',
  displayName: 'Policy Report',
  detect(head) {
    return /wgpolicyk8s\.io\//.test(head) && /PolicyReport/.test(head);
  },
  async parse(input, sink) {
    const reports = kubernetesObjects(await readYamlDocuments(input, 'Policy Report', MAX_BYTES));
    let seen = 0;
    for (const report of reports) {
      if (report === null || report === undefined) continue;
      const kind = str(report, 'kind');
      if (!str(report, 'apiVersion')?.startsWith('wgpolicyk8s.io/') || !kind || !KINDS.has(kind)) {
        throw new InputError(
          `Expected a wgpolicyk8s.io PolicyReport or ClusterPolicyReport, found ${kind ?? 'no kind'}`,
        );
      }
      seen++;
      await readReport(report as JsonObject, sink);
    }
    if (seen === 0) throw new InputError('The document holds no Policy Report');
  },
};

async function readReport(report: JsonObject, sink: ReportSink) {
  const scope = obj(report, 'scope');
  const labels = obj(obj(report, 'metadata'), 'labels');
  const producer = str(report, 'source', 100) ?? str(labels, 'app.kubernetes.io/managed-by', 100);
  const ran = new Set<string>();
  for (const result of arr(report, 'results')) {
    if (!isObject(result)) continue;
    const policy = str(result, 'policy', 255);
    const status = (str(result, 'result') ?? str(result, 'status'))?.toLowerCase() as ControlStatus;
    if (!policy || !STATUSES.has(status)) {
      sink.warning('A Policy Report result without a policy or a known result was skipped');
      continue;
    }
    const tool = { name: str(result, 'source', 100) ?? producer ?? 'policy-report' };
    if (!ran.has(tool.name)) {
      ran.add(tool.name);
      sink.toolRun(tool);
    }
    const rule = str(result, 'rule', 255);
    const message = str(result, 'message', 16384);
    // a namespaced report may name its one subject once, as `scope`
    const listed = arr(result, 'resources');
    const resources = listed.length > 0 || !scope ? listed : [scope];
    const severity = (str(result, 'severity') ?? str(obj(result, 'properties'), 'severity'))?.toLowerCase() as
      | Severity
      | undefined;
    const ruled = rule && rule !== policy ? rule : undefined;
    const properties = obj(result, 'properties');
    // adapters that turn a benchmark into one report number its checks in `properties.index`
    const index = str(properties, 'index', 64);
    await sink.controlResult({
      tool,
      controlId: [policy, ruled, index].filter(Boolean).join('/'),
      benchmark: str(result, 'category', 128),
      title: str(properties, 'title', 2048) ?? (ruled ? `${policy}: ${ruled}` : policy),
      status,
      severity: severity && SEVERITIES.includes(severity) ? severity : undefined,
      evidence: (resources.length > 0 ? resources : [undefined]).slice(0, 100).map(resource => ({
        resource: resourceName(resource),
        message,
      })),
    });
  }
}

function resourceName(resource: unknown): string | undefined {
  if (!isObject(resource)) return undefined;
  const parts = [str(resource, 'kind'), str(resource, 'namespace'), str(resource, 'name')].filter(Boolean);
  return parts.length > 0 ? parts.join('/') : undefined;
}
