import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/** A file of the checked tree; `path` is relative and `/`-separated. */
export interface RepoFile {
  path: string;
  size: number;
  /** The first bytes, for telling binaries apart (magic numbers, NUL bytes). */
  head: Buffer;
}

export const HEAD_BYTES = 8192;
const MAX_FILES = 50_000;
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

/**
 * Lists the files below `root` without following symbolic links (a link could point out of the
 * tree), skipping `.git` and `node_modules`, and reads the first bytes of each.
 */
export async function walkFiles(
  root: string,
): Promise<{ files: RepoFile[]; warnings: string[] }> {
  const files: RepoFile[] = [];
  const warnings: string[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    const entries = await fs.readdir(join(root, relative), {
      withFileTypes: true,
    });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(path);
      } else if (entry.isFile()) {
        if (files.length >= MAX_FILES) {
          warnings.push(
            `Stopped after ${MAX_FILES} files; the rest of the tree was not read`,
          );
          return { files, warnings };
        }
        files.push(await readHead(root, path));
      }
    }
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { files, warnings };
}

async function readHead(root: string, path: string): Promise<RepoFile> {
  const handle = await fs.open(join(root, path), 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    return { path, size, head };
  } finally {
    await handle.close();
  }
}

/** Files whose full text the checker reads; everything else is only sniffed. */
export function isReadable(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  return (
    /\.(ya?ml|json|json5)$/i.test(base) ||
    /^(Dockerfile|Containerfile)(\..+)?$|\.(Dockerfile|dockerfile|Containerfile)$/.test(
      base,
    ) ||
    base === 'CODEOWNERS' ||
    /^requirements.*\.txt$/.test(base) ||
    base === 'go.mod' ||
    /^\.renovaterc/.test(base)
  );
}

export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

export async function readText(root: string, path: string): Promise<string> {
  return fs.readFile(join(root, path), 'utf8');
}
