import { dirname, join, relative, sep } from 'node:path';
import { Problem, ValidationCache, cachedBatch, sha256 } from '../problems';
import { runCommand } from './runCommand';
import { RenderedTree, TreeFile } from './tree';

/** The repository's own secretlint configuration (`.secretlintrc.json` at the root). */
const CONFIG = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }],
};

interface SecretlintResult {
  filePath: string;
  messages: Array<{
    message: string;
    ruleId: string;
    severity: string;
    loc: { start: { line: number } };
  }>;
}

export function secretlintBin(): string {
  return join(
    dirname(require.resolve('secretlint/package.json')),
    'bin/secretlint.js',
  );
}

/**
 * Runs the secretlint CLI (its Node API is ES modules only, which this repository's jest
 * cannot load) on the given files of the tree; secrets are masked in its messages.
 */
async function secretlint(
  tree: RenderedTree,
  files: TreeFile[],
): Promise<Problem[][]> {
  const { code, stdout, stderr } = await runCommand(
    process.execPath,
    [
      secretlintBin(),
      '--format',
      'json',
      '--secretlintrcJSON',
      JSON.stringify(CONFIG),
      '--no-glob',
      // Every file given is checked, whatever the repository's .gitignore says.
      '--no-gitignore',
      '--no-color',
      ...files.map(f => f.path),
    ],
    { cwd: tree.root, install: 'yarn install (secretlint is a dependency)' },
  );
  if (code !== 0 && code !== 1) {
    throw new Error(`secretlint failed (exit ${code}): ${stderr || stdout}`);
  }
  const results = JSON.parse(stdout) as SecretlintResult[];
  const byFile = new Map(
    results.map(r => [relative(tree.root, r.filePath).split(sep).join('/'), r]),
  );
  return files.map(f =>
    (byFile.get(f.path)?.messages ?? []).map(m => ({
      tool: 'secretlint' as const,
      file: f.path,
      line: m.loc.start.line,
      message: `${m.message} [${m.ruleId}]`,
    })),
  );
}

/** secretlint with the recommended preset on every file of the repository. */
export async function checkSecrets(
  tree: RenderedTree,
  cache?: ValidationCache,
): Promise<{ problems: Problem[]; files: number }> {
  const results = await cachedBatch({
    cache,
    items: tree.files,
    key: (f: TreeFile) => sha256('secretlint', f.path, f.content),
    check: files => secretlint(tree, files),
  });
  return { problems: results.flat(), files: tree.files.length };
}
