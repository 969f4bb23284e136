import { createHash } from 'node:crypto';

/** The checks a rendered repository goes through, one name per tool. */
export const TOOLS = [
  'syntax',
  'actionlint',
  'yamllint',
  'shellcheck',
  'kubernetes',
  'pod-security',
  'secretlint',
  'rules',
] as const;

export type ToolName = (typeof TOOLS)[number];

/** One thing a tool found wrong in a rendered repository. */
export interface Problem {
  tool: ToolName;
  /** Path relative to the repository root, `/`-separated. */
  file: string;
  line?: number;
  message: string;
}

export function formatProblem(problem: Problem): string {
  const place = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  return `[${problem.tool}] ${place}: ${problem.message}`;
}

export function sha256(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    // A separator, so that ('ab', 'c') and ('a', 'bc') differ.
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Results of tool runs by a hash of their input, shared by the validations of many rendered
 * variants: a file that is the same in two variants is checked once. Keys always include
 * the tool and the file's path, so cached problems carry the right location.
 */
export class ValidationCache {
  readonly #results = new Map<string, unknown>();

  get(key: string): unknown {
    return this.#results.get(key);
  }

  set(key: string, value: unknown): void {
    this.#results.set(key, value);
  }
}

/**
 * Runs `check` on the items whose results are not cached yet (all of them without a cache),
 * in one batch, and returns every item's results in the input order.
 */
export async function cachedBatch<T, R>(options: {
  cache?: ValidationCache;
  items: T[];
  key: (item: T) => string;
  check: (items: T[]) => Promise<R[]>;
}): Promise<R[]> {
  const { cache, items, key, check } = options;
  if (!cache) return check(items);
  const keys = items.map(key);
  const results: Array<R | undefined> = keys.map(k => cache.get(k) as R);
  const missing = items.filter((_, i) => results[i] === undefined);
  if (missing.length > 0) {
    const fresh = await check(missing);
    let next = 0;
    results.forEach((r, i) => {
      if (r === undefined) {
        results[i] = fresh[next++];
        cache.set(keys[i], results[i]);
      }
    });
  }
  return results as R[];
}
