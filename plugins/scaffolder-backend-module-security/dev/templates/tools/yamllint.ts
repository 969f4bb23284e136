import { Problem, ValidationCache, cachedBatch, sha256 } from '../problems';
import { runCommand } from './runCommand';
import { RenderedTree, TreeFile, isYamlPath } from './tree';

export const YAMLLINT_INSTALL =
  'Debian package yamllint: apt-get install yamllint';

/** `path:line:column: [level] message (rule)`, yamllint's parsable format. */
const LINE = /^(.*?):(\d+):(\d+): \[(error|warning)\] (.*)$/;

/**
 * `yamllint -d relaxed` on every YAML file. The relaxed configuration already demotes style
 * rules (line length, indentation, truthy values...) to warnings; what it still calls an
 * error (syntax errors, duplicate keys...) is a problem.
 */
export async function checkYamllint(
  tree: RenderedTree,
  cache?: ValidationCache,
): Promise<{ problems: Problem[]; files: number; warnings: number }> {
  const files = tree.files.filter(f => isYamlPath(f.path));
  const results = await cachedBatch({
    cache,
    items: files,
    key: (f: TreeFile) => sha256('yamllint', f.path, f.content),
    check: async batch => {
      const { code, stdout, stderr } = await runCommand(
        'yamllint',
        ['-d', 'relaxed', '-f', 'parsable', ...batch.map(f => f.path)],
        { cwd: tree.root, install: YAMLLINT_INSTALL },
      );
      if (code !== 0 && code !== 1) {
        throw new Error(`yamllint failed (exit ${code}): ${stderr || stdout}`);
      }
      const byFile = new Map<string, Array<Problem & { level: string }>>();
      for (const line of stdout.split('\n')) {
        const match = LINE.exec(line);
        if (!match) continue;
        const [, file, row, , level, message] = match;
        const found = byFile.get(file) ?? [];
        found.push({
          tool: 'yamllint',
          file,
          line: Number(row),
          message,
          level,
        });
        byFile.set(file, found);
      }
      return batch.map(f => byFile.get(f.path) ?? []);
    },
  });
  const all = results.flat();
  return {
    problems: all
      .filter(p => p.level === 'error')
      .map(({ level: _level, ...problem }) => problem),
    files: files.length,
    warnings: all.filter(p => p.level === 'warning').length,
  };
}
