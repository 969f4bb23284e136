import { InputError } from '@backstage/errors';

/** Opaque keyset cursor: the sort value and id of the last row of a page. */
export interface Cursor {
  value: string | number | null;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const valid =
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (parsed[0] === null || ['string', 'number'].includes(typeof parsed[0])) &&
      Number.isSafeInteger(parsed[1]);
    if (valid) return { value: parsed[0], id: parsed[1] };
  } catch {
    // fall through to the error below
  }
  throw new InputError('The cursor is not valid; start again from the first page');
}
