import { InputError } from '@backstage/errors';
import { ReportFormat, str } from '@devsecops/plugin-security-node';
import { kubernetesObjects, readYamlDocuments } from '../formats/readYamlDocuments';
import { readManifestSet } from './manifestSet';
import { MANIFESTS_TOOL, evaluateManifestSet } from './evaluateManifests';
import { plural } from './wording';
import { WORKLOAD_KINDS } from './workloads';

const MAX_BYTES = 64 * 1024 * 1024;

const KINDS = [...WORKLOAD_KINDS, 'NetworkPolicy'].join('|');
/** A top-level `kind:` line (YAML keeps nested kinds indented) naming something evaluated. */
const YAML_KIND = new RegExp(`^kind:[ \\t]*["']?(${KINDS})["']?[ \\t\\r]*(#.*)?$`, 'm');
const YAML_LIST = /^kind:[ \t]*["']?\w*List["']?[ \t\r]*$/m;
const YAML_ITEM_KIND = new RegExp(`^[ \\t-]*kind:[ \\t]*["']?(${KINDS})["']?[ \\t\\r]*$`, 'm');
const YAML_ISTIO = /^apiVersion:[ \t]*["']?[a-z0-9.-]+\.istio\.io\//m;
const YAML_API_VERSION = /^apiVersion:/m;
/** kubectl writes apiVersion (or kind) first; other JSON reports start differently. */
const JSON_OBJECT = /^\s*\{\s*"(apiVersion|kind)"\s*:/;
const JSON_KIND = new RegExp(`"kind"\\s*:\\s*"(${KINDS})"`);
const JSON_ISTIO = /"apiVersion"\s*:\s*"[a-z0-9.-]+\.istio\.io\//;
/** Reports that quote Kubernetes objects, each claimed by its own format. */
const OTHER_REPORTS = /wgpolicyk8s\.io\/|compliance\.openshift\.io\/|"bomFormat"|"spdxVersion"|"\$schema"|"SchemaVersion"|"summaryDetails"/;

function looksLikeManifests(head: string): boolean {
  if (OTHER_REPORTS.test(head)) return false;
  const text = head.replace(/^\uFEFF/, '');
  if (JSON_OBJECT.test(text)) return JSON_KIND.test(text) || JSON_ISTIO.test(text);
  if (!YAML_API_VERSION.test(text)) return false;
  return YAML_KIND.test(text) || YAML_ISTIO.test(text) || (YAML_LIST.test(text) && YAML_ITEM_KIND.test(text));
}

/**
 * Kubernetes manifests (YAML, several `---` documents, or JSON; `List`s unwrapped) evaluated
 * here against the Pod Security Standards, OpenShift SCCs, hardening and segmentation rules.
 */
export const kubernetesManifestsFormat: ReportFormat = {
  id: 'kubernetes-manifests',
  displayName: 'Kubernetes manifests',
  detect: looksLikeManifests,
  async parse(input, sink) {
    const objects = kubernetesObjects(await readYamlDocuments(input, 'Kubernetes manifest', MAX_BYTES));
    if (!objects.some(object => str(object, 'kind') !== undefined)) {
      throw new InputError('The document holds no Kubernetes object: no document has a kind');
    }
    const set = readManifestSet(objects);
    if (set.ignoredKinds.size > 0) {
      const kinds = [...set.ignoredKinds].map(([kind, count]) => `${kind} (${count})`).join(', ');
      const count = [...set.ignoredKinds.values()].reduce((a, b) => a + b, 0);
      sink.warning(`Ignored ${plural(count, 'object')} of kinds this evaluator does not read: ${kinds}`);
    }
    if (set.withoutPodSpec > 0) {
      sink.warning(`Ignored ${plural(set.withoutPodSpec, 'workload')} without a pod spec`);
    }
    sink.toolRun(MANIFESTS_TOOL);
    for (const result of evaluateManifestSet(set)) await sink.controlResult(result);
  },
};
