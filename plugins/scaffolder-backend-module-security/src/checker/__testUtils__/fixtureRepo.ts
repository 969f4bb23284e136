import {
  MockDirectory,
  createMockDirectory,
} from '@backstage/backend-test-utils';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkRepository } from '../checkRepository';
import { CheckOptions, CheckResult, Violation } from '../types';

export type Base = 'github' | 'gitlab' | 'tekton';

export const FIXTURES = resolve(__dirname, '../__fixtures__');

export function fixturePath(base: Base): string {
  return join(FIXTURES, `${base}-compliant`);
}

/** Every file of a compliant fixture, as path → content. */
export function fixtureFiles(base: Base): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), path);
      else files.set(path, readFileSync(join(dir, entry.name)));
    }
  };
  walk(fixturePath(base), '');
  return files;
}

/**
 * A change to a fixture file: new content, `null` to delete it, or `[from, to]` pairs to
 * replace in it (each `from` must occur, so a test cannot silently stop testing anything).
 */
export type Change = string | Buffer | null | Array<[string | RegExp, string]>;

export function applyChanges(
  base: Base | undefined,
  changes: Record<string, Change>,
): Record<string, string | Buffer> {
  const files = base ? fixtureFiles(base) : new Map<string, Buffer>();
  for (const [path, change] of Object.entries(changes)) {
    if (change === null) {
      if (!files.delete(path))
        throw new Error(`${path} is not in the ${base} fixture`);
    } else if (Array.isArray(change)) {
      let text = files.get(path)?.toString('utf8');
      if (text === undefined)
        throw new Error(`${path} is not in the ${base} fixture`);
      for (const [from, to] of change) {
        const found =
          typeof from === 'string' ? text.includes(from) : from.test(text);
        if (!found)
          throw new Error(`${String(from)} does not occur in ${path}`);
        text = text.replace(from, to);
      }
      files.set(path, Buffer.from(text));
    } else {
      files.set(path, Buffer.isBuffer(change) ? change : Buffer.from(change));
    }
  }
  return Object.fromEntries(files);
}

/** A temporary repository built from a fixture and changes, and a way to check it. */
export function repoTester() {
  const dir: MockDirectory = createMockDirectory();
  return {
    dir,
    async check(
      base: Base | undefined,
      changes: Record<string, Change> = {},
      options?: CheckOptions,
    ): Promise<CheckResult> {
      dir.setContent(applyChanges(base, changes));
      return checkRepository(dir.path, options);
    },
    /** The violations of one rule. */
    async violations(
      ruleId: string,
      base: Base | undefined,
      changes: Record<string, Change> = {},
      options?: CheckOptions,
    ): Promise<Violation[]> {
      const result = await this.check(base, changes, options);
      return result.violations.filter(v => v.ruleId === ruleId);
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a message that starts with `prefix`. */
export function startsWith(prefix: string) {
  return expect.stringMatching(new RegExp(`^${escapeRegExp(prefix)}`));
}

/** From `start` through the first `end` after it, or to the end of the file without `end`. */
export function span(start: string, end?: string): RegExp {
  return new RegExp(
    `${escapeRegExp(start)}[\\s\\S]*?${
      end === undefined ? '$' : escapeRegExp(end)
    }`,
  );
}
