import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Problem, ValidationCache, cachedBatch, sha256 } from '../problems';
import { runCommand } from './runCommand';
import { RenderedTree, lineAt } from './tree';

/** The folders of a rendered repository that hold Kubernetes (and Tekton, Argo CD) objects. */
const OBJECT_FOLDERS = /^(deploy|argocd|tekton|\.tekton)\//;

export interface KubernetesObject {
  file: string;
  line?: number;
  /** The document's index in its file. */
  index: number;
  object: Record<string, unknown>;
}

type WorkerResult =
  | { status: 'valid' }
  | { status: 'invalid' | 'no-schema'; message: string };

export function kubernetesObjects(tree: RenderedTree): {
  objects: KubernetesObject[];
  problems: Problem[];
} {
  const objects: KubernetesObject[] = [];
  const problems: Problem[] = [];
  for (const file of tree.yamlFiles()) {
    if (!OBJECT_FOLDERS.test(file.path) || file.error) continue;
    for (const { index, doc, value } of file.documents) {
      const line = lineAt(file, doc, []);
      const object = value as Record<string, unknown>;
      if (
        typeof object !== 'object' ||
        typeof object.apiVersion !== 'string' ||
        typeof object.kind !== 'string'
      ) {
        problems.push({
          tool: 'kubernetes',
          file: file.path,
          line,
          message: `document ${
            index + 1
          } is not a Kubernetes object (no apiVersion and kind)`,
        });
        continue;
      }
      objects.push({ file: file.path, line, index, object });
    }
  }
  return { objects, problems };
}

/**
 * Runs the schema worker in a Node process of its own: kubernetes-models 5 (and its Argo CD
 * and Istio siblings) are ES modules only, with no `require` export, so neither this
 * repository's jest (CommonJS) nor `require` can load them; their CommonJS builds (4.x) stop
 * before Istio's `security.istio.io/v1` PeerAuthentication.
 */
async function runWorker(args: string[], input?: string): Promise<string> {
  const worker = resolvePackagePath(
    '@devsecops/plugin-scaffolder-backend-module-security',
    'dev/templates/tools/kubernetesSchemaWorker.mjs',
  );
  const { code, stdout, stderr } = await runCommand(
    process.execPath,
    [worker, ...args],
    { input, install: 'the Node.js running this process' },
  );
  if (code !== 0) {
    throw new Error(
      `the Kubernetes schema validation failed (exit ${code}): ${stderr}`,
    );
  }
  return stdout;
}

async function validateInWorker(
  objects: KubernetesObject[],
): Promise<WorkerResult[]> {
  const output = await runWorker(
    [],
    JSON.stringify(objects.map(o => o.object)),
  );
  return JSON.parse(output) as WorkerResult[];
}

/** The versions of the schema packages. */
export async function schemaPackageVersions(): Promise<Record<string, string>> {
  return JSON.parse(await runWorker(['--versions']));
}

/**
 * Validates every object in `deploy/`, `argocd/`, `tekton/` and `.tekton/` against the
 * OpenAPI schema of its kind (kubernetes-models: core and built-in groups; Argo CD; Istio).
 * Kinds no package has a schema for (Tekton's CRDs) are returned in `unvalidated`, never
 * passed over silently. Note that kubernetes-models, unlike `kubeconform -strict`, accepts
 * fields the schema does not define.
 */
export async function checkKubernetesSchemas(
  tree: RenderedTree,
  cache?: ValidationCache,
): Promise<{ problems: Problem[]; objects: number; unvalidated: string[] }> {
  const { objects, problems } = kubernetesObjects(tree);
  const results = await cachedBatch({
    cache,
    items: objects,
    key: o => sha256('kubernetes', JSON.stringify(o.object)),
    check: validateInWorker,
  });
  const unvalidated = new Set<string>();
  results.forEach((result, i) => {
    const { file, line, object } = objects[i];
    if (result.status === 'invalid') {
      problems.push({
        tool: 'kubernetes',
        file,
        line,
        message: `${object.kind} ${
          (object.metadata as { name?: string } | undefined)?.name ?? ''
        }: ${result.message}`,
      });
    } else if (result.status === 'no-schema') {
      unvalidated.add(`${object.apiVersion} ${object.kind}`);
    }
  });
  return {
    problems,
    objects: objects.length,
    unvalidated: [...unvalidated].sort(),
  };
}
