import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtInFormats } from '..';
import { FormatRegistry } from '../../service/FormatRegistry';

/** A file of `__fixtures__/compliance`. */
export const fixture = (name: string) => readFileSync(resolve(__dirname, '../__fixtures__/compliance', name));

export const countBy = <T>(items: T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});

/** The format content detection picks for a report, as an upload without `format` gets it. */
export function detect(bytes: Buffer) {
  const registry = new FormatRegistry();
  builtInFormats.forEach(f => registry.add(f));
  return registry.resolve(undefined, bytes.subarray(0, 4096).toString('utf8')).id;
}
