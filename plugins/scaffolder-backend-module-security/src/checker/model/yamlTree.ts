import {
  Document,
  LineCounter,
  Node as AstNode,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml';

/**
 * A YAML file read into a small tree that keeps, for every node, the line it starts on, with
 * aliases resolved and `<<` merge keys expanded. Rules work on this tree rather than on the
 * `yaml` package's AST so that a GitLab anchor or a merge key looks like any other mapping.
 */
export interface YamlSource {
  path: string;
  text: string;
  /** 1-based line of a character offset in `text`. */
  lineAt(offset: number): number;
}

interface YBase {
  source: YamlSource;
  /** 1-based line the node starts on. */
  line: number;
  /** Offsets of the node's own text in the source: [start, end). */
  range: [number, number];
  tag?: string;
}

export interface YScalar extends YBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The comment on the same line after the value, without `#`. */
  comment?: string;
  /** `BLOCK_LITERAL`, `BLOCK_FOLDED`, `PLAIN`, `QUOTE_DOUBLE` or `QUOTE_SINGLE`. */
  style?: string;
}

export interface YEntry {
  key: string;
  keyLine: number;
  value: YNode;
}

export interface YMap extends YBase {
  kind: 'map';
  entries: YEntry[];
  byKey: Map<string, YEntry>;
}

export interface YSeq extends YBase {
  kind: 'seq';
  items: YNode[];
}

export type YNode = YScalar | YMap | YSeq;

export interface YamlFile {
  path: string;
  text: string;
  /** One tree per document; an empty document is `undefined`. */
  documents: Array<YNode | undefined>;
  /** Parse errors, already worded with the file and line. */
  errors: string[];
}

const MAX_DEPTH = 64;

class Converter {
  private readonly cache = new Map<AstNode, YNode>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly source: YamlSource,
    private readonly problems: string[],
  ) {}

  convert(node: unknown, depth: number): YNode {
    if (depth > MAX_DEPTH) {
      throw new Error(`${this.source.path}: YAML nested too deeply`);
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) {
        const line = this.source.lineAt(node.range?.[0] ?? 0);
        this.problems.push(
          `${this.source.path}:${line}: alias *${node.source} has no anchor in this document (anchors are not shared between files)`,
        );
        return this.scalar(null, node.range ?? [0, 0, 0]);
      }
      const cached = this.cache.get(target);
      if (cached) return cached;
      const converted = this.convert(target, depth + 1);
      this.cache.set(target, converted);
      return converted;
    }
    if (isMap(node)) {
      const map = this.base('map', node.range, node.tag) as YMap;
      map.entries = [];
      map.byKey = new Map();
      const merges: YNode[] = [];
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        const keyText = key === null || key === undefined ? '' : String(key);
        const value = pair.value
          ? this.convert(pair.value, depth + 1)
          : this.scalar(
              null,
              (pair.key as AstNode | null)?.range ?? node.range,
            );
        if (
          keyText === '<<' &&
          isScalar(pair.key) &&
          pair.key.type === 'PLAIN'
        ) {
          merges.push(value);
          continue;
        }
        const keyRange = (pair.key as AstNode | null)?.range;
        const pairEntry: YEntry = {
          key: keyText,
          keyLine: keyRange ? this.source.lineAt(keyRange[0]) : map.line,
          value,
        };
        map.entries.push(pairEntry);
        map.byKey.set(keyText, pairEntry);
      }
      // Explicit keys win over merged ones; earlier merge sources win over later ones.
      for (const merge of merges) {
        const sources = merge.kind === 'seq' ? merge.items : [merge];
        for (const from of sources) {
          if (from.kind !== 'map') continue;
          for (const merged of from.entries) {
            if (!map.byKey.has(merged.key)) {
              map.entries.push(merged);
              map.byKey.set(merged.key, merged);
            }
          }
        }
      }
      return map;
    }
    if (isSeq(node)) {
      const seq = this.base('seq', node.range, node.tag) as YSeq;
      seq.items = node.items.map(item => this.convert(item, depth + 1));
      return seq;
    }
    if (isScalar(node)) {
      const scalar = this.scalar(node.value, node.range ?? [0, 0, 0], node.tag);
      if (node.comment) scalar.comment = node.comment.trim();
      scalar.style = node.type;
      return scalar;
    }
    return this.scalar(null, [0, 0, 0]);
  }

  private scalar(
    value: unknown,
    range: readonly number[] | null | undefined,
    tag?: string,
  ): YScalar {
    const scalar = this.base('scalar', range, tag) as YScalar;
    scalar.value = normaliseScalar(value);
    return scalar;
  }

  private base(
    kind: YNode['kind'],
    range: readonly number[] | null | undefined,
    tag?: string | null,
  ) {
    const start = range?.[0] ?? 0;
    const end = range?.[1] ?? start;
    return {
      kind,
      source: this.source,
      line: this.source.lineAt(start),
      range: [start, end] as [number, number],
      ...(tag ? { tag } : {}),
    };
  }
}

export function parseYamlFile(path: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const source: YamlSource = {
    path,
    text,
    lineAt: offset => lineCounter.linePos(offset).line,
  };
  const errors: string[] = [];
  const documents: Array<YNode | undefined> = [];
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: false,
      strict: false,
    }) as Document.Parsed[];
  } catch (error) {
    return { path, text, documents, errors: [`${path}: ${String(error)}`] };
  }
  for (const doc of Array.isArray(parsed) ? parsed : []) {
    if (doc.errors.length > 0) {
      // The first error explains the rest.
      const [first] = doc.errors;
      const message = first.message
        .split('\n')[0]
        .replace(/ at line \d+, column \d+:?$/, '');
      errors.push(`${path}:${source.lineAt(first.pos[0])}: ${message}`);
      documents.push(undefined);
      continue;
    }
    try {
      const converter = new Converter(doc, source, errors);
      documents.push(
        doc.contents ? converter.convert(doc.contents, 0) : undefined,
      );
    } catch (error) {
      errors.push(String((error as Error).message ?? error));
      documents.push(undefined);
    }
  }
  return { path, text, documents, errors };
}

function normaliseScalar(value: unknown): YScalar['value'] {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

// ---- reading the tree -------------------------------------------------------------------

export function asMap(node: YNode | undefined): YMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

export function asSeq(node: YNode | undefined): YSeq | undefined {
  return node?.kind === 'seq' ? node : undefined;
}

export function asScalar(node: YNode | undefined): YScalar | undefined {
  return node?.kind === 'scalar' ? node : undefined;
}

/** Walks mapping keys and sequence indexes: `get(doc, 'spec', 'template', 'spec')`. */
export function get(
  node: YNode | undefined,
  ...path: Array<string | number>
): YNode | undefined {
  let current = node;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') {
      current = current.kind === 'seq' ? current.items[step] : undefined;
    } else {
      current =
        current.kind === 'map' ? current.byKey.get(step)?.value : undefined;
    }
  }
  return current;
}

/** The entry (key and value) of a mapping key. */
export function entry(
  node: YNode | undefined,
  key: string,
): YEntry | undefined {
  return node?.kind === 'map' ? node.byKey.get(key) : undefined;
}

/** A scalar as text; `undefined` for null, mappings and sequences. */
export function str(node: YNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** `true` for YAML `true` and for the string `"true"` (as CI systems read them). */
export function isTrue(node: YNode | undefined): boolean {
  const value = str(node);
  return value !== undefined && value.toLowerCase() === 'true';
}

export function isFalse(node: YNode | undefined): boolean {
  const value = str(node);
  return value !== undefined && value.toLowerCase() === 'false';
}

export function items(node: YNode | undefined): YNode[] {
  return node?.kind === 'seq' ? node.items : [];
}

export function entries(node: YNode | undefined): YEntry[] {
  return node?.kind === 'map' ? node.entries : [];
}

/** A scalar or a sequence of scalars as a list of strings. */
export function strings(node: YNode | undefined): string[] {
  if (node?.kind === 'seq') {
    return node.items.map(str).filter((s): s is string => s !== undefined);
  }
  const single = str(node);
  return single === undefined ? [] : [single];
}

/** The tree as plain JavaScript values. */
export function toPlain(node: YNode | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const e of node.entries) out[e.key] = toPlain(e.value);
  return out;
}

/**
 * The line of a piece of text inside a scalar: scripts in `run:` or `script:` blocks report the
 * line of the offending command rather than of the block. Falls back to the scalar's line.
 */
export function lineWithin(scalar: YScalar, needle: string, from = 0): number {
  const raw = scalar.source.text.slice(scalar.range[0], scalar.range[1]);
  const probe = needle.trim().split('\n')[0].slice(0, 120);
  if (!probe) return scalar.line;
  const at = raw.indexOf(probe, from);
  return at >= 0 ? scalar.source.lineAt(scalar.range[0] + at) : scalar.line;
}
