import { InputError } from '@backstage/errors';
import { ReportInput } from '@devsecops/plugin-security-node';

/** Documents read whole are small by nature (signatures, attestations); anything bigger is not one. */
const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** Reads a small JSON document in full, refusing sizes no such document has. */
export async function readJsonDocument(
  input: ReportInput,
  what: string,
  maxBytes = MAX_DOCUMENT_BYTES,
): Promise<unknown> {
  const text = await readText(input, what, maxBytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`The ${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The whole report as text, within a size its format can have. */
export async function readText(input: ReportInput, what: string, maxBytes: number): Promise<string> {
  if (input.size > maxBytes) {
    throw new InputError(`A ${what} larger than ${maxBytes} bytes is not accepted`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of input.open()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}
