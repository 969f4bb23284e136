import { InputError } from '@backstage/errors';
import { Document, YAMLMap, isMap, isScalar, parseAllDocuments } from 'yaml';
import { ANNOTATION_PIPELINE_STANDARD } from '../standard';

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The column a node starts at. */
function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Where a new entry goes after the last entry of a block mapping: the start of the next line. */
function afterLastEntry(text: string, map: YAMLMap): number {
  const last = map.items[map.items.length - 1];
  const end =
    (last.value as { range?: number[] } | null)?.range?.[1] ??
    (last.key as { range: number[] }).range[1];
  if (text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

function quoted(version: string): string {
  return JSON.stringify(version);
}

/** One document's edit, or `undefined` when the annotation already says `version`. */
function editFor(
  text: string,
  doc: Document.Parsed,
  version: string,
): Edit | undefined {
  const metadata = doc.get('metadata', true);
  if (!isMap(metadata) || metadata.flow) {
    throw new InputError(
      'The Component in catalog-info.yaml has no block `metadata:` mapping',
    );
  }
  const annotations = metadata.get('annotations', true);
  if (annotations === undefined) {
    const firstKey = metadata.items[0].key as { range: number[] };
    const indent = ' '.repeat(columnOf(text, firstKey.range[0]));
    const at = afterLastEntry(text, metadata);
    const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
    return {
      start: at,
      end: at,
      text: `${prefix}${indent}annotations:\n${indent}  ${ANNOTATION_PIPELINE_STANDARD}: ${quoted(
        version,
      )}\n`,
    };
  }
  if (isMap(annotations) && !annotations.flow && annotations.items.length > 0) {
    const existing = annotations.items.find(
      pair =>
        isScalar(pair.key) && pair.key.value === ANNOTATION_PIPELINE_STANDARD,
    );
    if (existing && isScalar(existing.value) && existing.value.range) {
      if (String(existing.value.value) === version) return undefined;
      const [start, end] = existing.value.range;
      return { start, end, text: quoted(version) };
    }
    const firstKey = annotations.items[0].key as { range: number[] };
    const indent = ' '.repeat(columnOf(text, firstKey.range[0]));
    const at = afterLastEntry(text, annotations);
    const prefix = at === text.length && !text.endsWith('\n') ? '\n' : '';
    return {
      start: at,
      end: at,
      text: `${prefix}${indent}${ANNOTATION_PIPELINE_STANDARD}: ${quoted(
        version,
      )}\n`,
    };
  }
  // `annotations: {}` or an empty `annotations:`: rewrite just this document.
  doc.setIn(['metadata', 'annotations', ANNOTATION_PIPELINE_STANDARD], version);
  const [start, , end] = doc.range;
  return { start, end, text: doc.toString() };
}

/**
 * Sets `security.devsecops.io/pipeline-standard` on every Component in a catalog-info.yaml,
 * editing the text in place so that comments, order and formatting stay as they were.
 */
export function recordStandardAnnotation(
  text: string,
  version: string,
): { text: string; changed: boolean } {
  const docs = parseAllDocuments(text) as Document.Parsed[];
  if (!Array.isArray(docs)) throw new InputError('catalog-info.yaml is empty');
  const failed = docs.find(d => d.errors.length > 0);
  if (failed)
    throw new InputError(
      `catalog-info.yaml does not parse: ${failed.errors[0].message}`,
    );
  const components = docs.filter(d => d.get('kind') === 'Component');
  if (components.length === 0)
    throw new InputError('catalog-info.yaml describes no `kind: Component`');
  const edits = components
    .map(doc => editFor(text, doc, version))
    .filter((e): e is Edit => e !== undefined)
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits)
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, changed: edits.length > 0 };
}
