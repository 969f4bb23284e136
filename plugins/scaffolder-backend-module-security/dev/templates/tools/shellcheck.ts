import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Problem, ValidationCache, cachedBatch, sha256 } from '../problems';
import { runCommand } from './runCommand';
import { Shell, ShellBlock, extractShellBlocks } from './shellBlocks';
import { RenderedTree } from './tree';

export const SHELLCHECK_INSTALL =
  'Debian package shellcheck: apt-get install shellcheck';

/**
 * The rules actionlint turns off when it runs shellcheck on `run:` blocks: SC1091 (a sourced
 * file is not here; it exists on the runner) and SC2194 (a constant word, which is what an
 * expression replaced by a placeholder looks like).
 */
const EXCLUDED = ['SC1091', 'SC2194'];

/** What shellcheck says about one script, by line of the script (1-based). */
interface Finding {
  line: number;
  level: string;
  code: number;
  message: string;
}

interface Json1Output {
  comments: Array<{
    file: string;
    line: number;
    level: string;
    code: number;
    message: string;
  }>;
}

/** The text shellcheck reads for a block: the CI system's setup line, then the script. */
function scriptFile(block: ShellBlock): string {
  return block.setup
    ? `${block.setup}\n${block.script}\n`
    : `${block.script}\n`;
}

/** Runs shellcheck once for all blocks of one shell. */
async function shellcheck(
  blocks: ShellBlock[],
  shell: Shell,
): Promise<Finding[][]> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'shellcheck-'));
  try {
    const names = blocks.map((_, i) => `block-${i}.sh`);
    await Promise.all(
      blocks.map((block, i) =>
        fs.writeFile(join(dir, names[i]), scriptFile(block)),
      ),
    );
    const { code, stdout, stderr } = await runCommand(
      'shellcheck',
      [
        '--norc',
        '-f',
        'json1',
        '-x',
        '--shell',
        shell,
        '-e',
        EXCLUDED.join(','),
        ...names,
      ],
      { cwd: dir, install: SHELLCHECK_INSTALL },
    );
    if (code !== 0 && code !== 1) {
      throw new Error(`shellcheck failed (exit ${code}): ${stderr || stdout}`);
    }
    const output = JSON.parse(stdout) as Json1Output;
    return blocks.map((block, i) => {
      const offset = block.setup ? 1 : 0;
      return output.comments
        .filter(c => c.file === names[i])
        .map(c => ({
          line: c.line - offset,
          level: c.level,
          code: c.code,
          message: c.message,
        }));
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function shellcheckAll(blocks: ShellBlock[]): Promise<Finding[][]> {
  const results: Finding[][] = Array(blocks.length);
  for (const shell of ['bash', 'sh'] as const) {
    const indexes = blocks.flatMap((b, i) => (b.shell === shell ? [i] : []));
    if (indexes.length === 0) continue;
    const found = await shellcheck(
      indexes.map(i => blocks[i]),
      shell,
    );
    indexes.forEach((blockIndex, i) => {
      results[blockIndex] = found[i];
    });
  }
  return results;
}

function problemOf(block: ShellBlock, finding: Finding): Problem {
  const scriptLines = block.script.split('\n');
  const source = scriptLines[finding.line - 1]?.trim();
  const line =
    finding.line >= 1
      ? block.lines[Math.min(finding.line, block.lines.length) - 1]
      : block.lines[0];
  return {
    tool: 'shellcheck',
    file: block.file,
    line,
    message: `${block.where} (${block.shell}): SC${finding.code} (${
      finding.level
    }) ${finding.message}${source ? ` — in: ${source}` : ''}`,
  };
}

/**
 * shellcheck on every script a CI system of the repository runs in a shell (see
 * {@link extractShellBlocks}), with the options actionlint uses for `run:` blocks.
 */
export async function checkShellBlocks(
  tree: RenderedTree,
  cache?: ValidationCache,
): Promise<{ problems: Problem[]; blocks: number; otherLanguages: string[] }> {
  const { blocks, otherLanguages, errors } = extractShellBlocks(tree);
  const findings = await cachedBatch({
    cache,
    items: blocks,
    key: (b: ShellBlock) => sha256('shellcheck', b.shell, scriptFile(b)),
    check: shellcheckAll,
  });
  const problems: Problem[] = [
    ...errors.map(e => ({ tool: 'shellcheck' as const, ...e })),
    ...blocks.flatMap((block, i) => findings[i].map(f => problemOf(block, f))),
  ];
  return { problems, blocks: blocks.length, otherLanguages };
}
