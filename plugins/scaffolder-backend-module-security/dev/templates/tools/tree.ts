import { promises as fs } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  Document,
  LineCounter,
  Scalar,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
} from 'yaml';

/** Folders a rendered repository never holds; skipped if a caller's directory has them. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** GitLab's `!reference [job, key]`, kept as such when a YAML file is read. */
export class GitlabReference {
  constructor(readonly path: unknown[]) {}
}

export interface TreeFile {
  /** Relative to the repository root, `/`-separated. */
  path: string;
  absolute: string;
  content: Buffer;
}

export interface YamlFile {
  path: string;
  text: string;
  /** Every non-empty document, in order; each keeps its index in the file. */
  documents: Array<{ index: number; doc: Document.Parsed; value: unknown }>;
  /** Why the file does not parse, when it does not. */
  error?: string;
  /** The 1-based line of a character offset. */
  lineOf(offset: number): number;
}

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/.test(path);
}

/**
 * Reads YAML as the CI systems and Kubernetes do: every document of the file, GitLab's
 * `!reference` tags kept as {@link GitlabReference} values instead of plain lists.
 */
export function readYaml(path: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  if (!Array.isArray(docs)) return { path, text, documents: [], lineOf };
  const failed = docs.find(d => d.errors.length > 0);
  if (failed) {
    const error = failed.errors[0];
    return {
      path,
      text,
      documents: [],
      error: `${error.message} (line ${lineOf(error.pos[0])})`,
      lineOf,
    };
  }
  const documents = docs.flatMap((doc, index) => {
    visit(doc, {
      Seq(_, node) {
        if (node.tag !== '!reference') return undefined;
        const marker = new Scalar(new GitlabReference(node.toJSON()));
        marker.range = node.range;
        return marker;
      },
    });
    const value = doc.toJS({ maxAliasCount: 1000 });
    return value === null || value === undefined ? [] : [{ index, doc, value }];
  });
  return { path, text, documents, lineOf };
}

/** The 1-based line where the node at `path` of a document starts, if it exists. */
export function lineAt(
  file: YamlFile,
  doc: Document.Parsed,
  path: Array<string | number>,
): number | undefined {
  const node = doc.getIn(path, true) as { range?: [number, number, number] };
  return node?.range ? file.lineOf(node.range[0]) : undefined;
}

/** Whether the scalar at `path` is a literal block (`|`): its lines follow one another. */
export function isLiteralBlock(
  doc: Document.Parsed,
  path: Array<string | number>,
): boolean {
  const node = doc.getIn(path, true);
  return isScalar(node) && node.type === 'BLOCK_LITERAL';
}

/** The items of the sequence at `path`, as nodes (for their lines). */
export function seqNodes(
  doc: Document.Parsed,
  path: Array<string | number>,
): unknown[] {
  const node = doc.getIn(path, true);
  return isSeq(node) ? node.items : [];
}

/** The files of a rendered repository, read once and shared by every tool. */
export class RenderedTree {
  readonly #yaml = new Map<string, YamlFile>();

  private constructor(readonly root: string, readonly files: TreeFile[]) {}

  static async read(dir: string): Promise<RenderedTree> {
    // The real, absolute path: tools that print paths print this one.
    const root = await fs.realpath(resolve(dir));
    const files: TreeFile[] = [];
    async function walk(folder: string): Promise<void> {
      const entries = await fs.readdir(folder, { withFileTypes: true });
      for (const entry of entries.sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        const absolute = join(folder, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) await walk(absolute);
        } else if (entry.isFile()) {
          files.push({
            path: relative(root, absolute).split(sep).join('/'),
            absolute,
            content: await fs.readFile(absolute),
          });
        }
      }
    }
    await walk(root);
    return new RenderedTree(root, files);
  }

  file(path: string): TreeFile | undefined {
    return this.files.find(f => f.path === path);
  }

  /** Every YAML file of the repository, parsed once. */
  yamlFiles(): YamlFile[] {
    return this.files
      .filter(f => isYamlPath(f.path))
      .map(f => {
        let parsed = this.#yaml.get(f.path);
        if (!parsed) {
          parsed = readYaml(f.path, f.content.toString('utf8'));
          this.#yaml.set(f.path, parsed);
        }
        return parsed;
      });
  }
}
