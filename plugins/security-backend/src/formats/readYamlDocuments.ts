import { InputError } from '@backstage/errors';
import { ReportInput, arr, str } from '@devsecops/plugin-security-node';
import { parseAllDocuments } from 'yaml';
import { readText } from './readJsonDocument';

/** Aliases one document may resolve: enough for real manifests, far too few for a "billion laughs". */
const MAX_ALIASES = 100;

/**
 * Every document of a JSON or YAML report (`---`-separated YAML holds several). YAML is read
 * as data only: no custom tags, a bounded number of alias expansions, and a size limit.
 */
export async function readYamlDocuments(
  input: ReportInput,
  what: string,
  maxBytes: number,
): Promise<unknown[]> {
  const text = await readText(input, what, maxBytes);
  if (/^\s*[[{]/.test(text)) {
    try {
      return [JSON.parse(text)];
    } catch (error) {
      throw new InputError(`The ${what} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const documents = parseAllDocuments(text, { uniqueKeys: false, customTags: [] });
  const list = Array.isArray(documents) ? documents : [documents];
  return list.map((doc, i) => {
    const error = doc.errors[0];
    if (error) throw new InputError(`The ${what} is not valid YAML (document ${i + 1}): ${error.message}`);
    try {
      return doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      throw new InputError(`The ${what} could not be read (document ${i + 1}): ${(e as Error).message}`);
    }
  });
}

/** The Kubernetes objects in documents, with `kind: List` (and `…List`) unwrapped. */
export function kubernetesObjects(documents: unknown[]): unknown[] {
  return documents.flatMap(doc => (str(doc, 'kind')?.endsWith('List') ? arr(doc, 'items') : [doc]));
}
