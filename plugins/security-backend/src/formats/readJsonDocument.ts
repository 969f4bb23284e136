import { InputError } from '@backstage/errors';
import { ReportInput } from '@devsecops/plugin-security-node';

/** Documents read whole are small by nature (signatures, attestations); anything bigger is not one. */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** Reads a small JSON document in full, refusing sizes no such document has. */
export async function readJsonDocument(input: ReportInput, what: string): Promise<unknown> {
  if (input.size > MAX_DOCUMENT_BYTES) {
    throw new InputError(`A ${what} larger than ${MAX_DOCUMENT_BYTES} bytes is not accepted`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of input.open()) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new InputError(`The ${what} is not valid JSON: ${(error as Error).message}`);
  }
}
