// The portal's own manifest evaluator (Pod Security baseline and restricted, OpenShift
// restricted-v2, hardening, default-deny and Istio controls), imported from the security
// backend's sources: it is not exported by any package this module may depend on, and it
// runs as it is under this package's jest and the node transform.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { evaluateManifests } from '../../../../security-backend/src/evaluate/evaluateManifests';
import { Problem, ValidationCache, sha256 } from '../problems';
import { RenderedTree, lineAt } from './tree';

export interface PodSecurityResult {
  problems: Problem[];
  /** Controls that passed, e.g. `pss-restricted/capabilities`. */
  passed: string[];
  /** Controls that did not apply, with the evaluator's reason. */
  skipped: string[];
}

/**
 * The Pod Security checks on what the repository deploys (`deploy/`): every control of the
 * portal's evaluator that fails is a problem. The rule checker's R25 and R26 cover the same
 * ground from the standard's side; both run.
 */
export function checkPodSecurity(
  tree: RenderedTree,
  cache?: ValidationCache,
): PodSecurityResult {
  const files = tree
    .yamlFiles()
    .filter(f => f.path.startsWith('deploy/') && !f.error);
  const key = sha256('pod-security', ...files.flatMap(f => [f.path, f.text]));
  const cached = cache?.get(key) as PodSecurityResult | undefined;
  if (cached) return cached;

  // Where each object is, by `Kind/name`: the evaluator names resources `Kind/namespace/name`.
  const places = new Map<string, { file: string; line?: number }>();
  for (const file of files) {
    for (const { doc, value } of file.documents) {
      const { kind, metadata } = value as {
        kind?: string;
        metadata?: { name?: string };
      };
      places.set(`${kind}/${metadata?.name}`, {
        file: file.path,
        line: lineAt(file, doc, []),
      });
    }
  }
  const placeOf = (resource: string | undefined) => {
    const [kind, , name] = resource?.split('/') ?? [];
    return places.get(`${kind}/${name}`) ?? { file: 'deploy/' };
  };

  const results = evaluateManifests(
    files.flatMap(f => f.documents.map(d => d.value)),
  );
  const result: PodSecurityResult = {
    problems: results
      .filter(r => r.status === 'fail')
      .flatMap(r =>
        (r.evidence ?? [{ message: r.title }]).map(e => ({
          tool: 'pod-security' as const,
          ...placeOf(e.resource),
          message: `${r.controlId} (${r.title}): ${[
            e.resource,
            e.field,
            e.message,
          ]
            .filter(Boolean)
            .join(' ')}`,
        })),
      ),
    passed: results.filter(r => r.status === 'pass').map(r => r.controlId),
    skipped: results
      .filter(r => r.status === 'skip')
      .map(r => `${r.controlId}: ${r.evidence?.[0]?.message ?? ''}`),
  };
  cache?.set(key, result);
  return result;
}
