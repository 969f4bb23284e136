import { YScalar } from './yamlTree';

/**
 * Shell scripts as the CI systems hold them (`run:`, `script:`, Tekton `script:`, Dockerfile
 * `RUN`), read statically: nothing here runs or expands anything.
 */
export interface ScriptSource {
  text: string;
  file: string;
  /** The 1-based line in `file` of the character at `index` of `text`. */
  lineOf(index: number): number;
}

export interface CommandLine {
  /** One logical line: backslash continuations joined, trailing comment removed. */
  text: string;
  line: number;
}

/** A script held in a YAML scalar; lines are found in the scalar's source text. */
export function scriptFromScalar(scalar: YScalar): ScriptSource {
  const text = scalar.value === null ? '' : String(scalar.value);
  let lines: number[] | undefined;
  return {
    text,
    file: scalar.source.path,
    lineOf(index) {
      if (!lines) lines = locateLines(scalar, text);
      const row = text.slice(0, index).split('\n').length - 1;
      return lines[Math.min(row, lines.length - 1)] ?? scalar.line;
    },
  };
}

/** Finds each line of the value in the raw scalar, in order, so repeated lines stay apart. */
function locateLines(scalar: YScalar, text: string): number[] {
  const raw = scalar.source.text.slice(scalar.range[0], scalar.range[1]);
  const result: number[] = [];
  let cursor = 0;
  let last = scalar.line;
  for (const row of text.split('\n')) {
    const probe = row.trim().slice(0, 120);
    const at = probe ? raw.indexOf(probe, cursor) : -1;
    if (at >= 0) {
      last = scalar.source.lineAt(scalar.range[0] + at);
      cursor = at + probe.length;
    }
    result.push(last);
  }
  return result;
}

/** A script whose lines follow each other from `firstLine` (Dockerfile RUN, joined args). */
export function scriptFromText(
  text: string,
  file: string,
  firstLine: number,
): ScriptSource {
  return {
    text,
    file,
    lineOf: index => firstLine + text.slice(0, index).split('\n').length - 1,
  };
}

/** Logical lines of a script: continuations joined, comment lines and comments dropped. */
export function commandLines(script: ScriptSource): CommandLine[] {
  const out: CommandLine[] = [];
  const rows = script.text.split('\n');
  let offset = 0;
  let pending = '';
  let pendingIndex = 0;
  for (const row of rows) {
    const rowIndex = offset;
    offset += row.length + 1;
    if (!pending) pendingIndex = rowIndex;
    const continued = /\\\s*$/.test(row) && !/\\\\\s*$/.test(row);
    pending += continued ? `${row.replace(/\\\s*$/, '')} ` : row;
    if (continued) continue;
    const text = stripComment(pending).trim();
    pending = '';
    if (text) out.push({ text, line: script.lineOf(pendingIndex) });
  }
  const rest = stripComment(pending).trim();
  if (rest) out.push({ text: rest, line: script.lineOf(pendingIndex) });
  return out;
}

/** Removes a `#` comment that is not inside quotes and starts a word. */
export function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '\\') {
      i++;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/**
 * Splits a line at shell operators outside quotes and `$(...)`. `pipes` decides whether a
 * single `|` splits too (it never splits `||`).
 */
export function splitCommands(line: string, pipes = true): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const next = line[i + 1];
    if (quote) {
      if (c === '\\' && quote === '"') {
        current += c + (next ?? '');
        i++;
        continue;
      }
      if (c === quote) quote = undefined;
      current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      current += c;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')' && depth > 0) depth--;
    const isAndOr = (c === '&' && next === '&') || (c === '|' && next === '|');
    const isPipe = pipes && c === '|' && next !== '|' && line[i - 1] !== '|';
    if (depth === 0 && (isAndOr || isPipe || c === ';')) {
      parts.push(current.trim());
      current = '';
      if (isAndOr) i++;
      continue;
    }
    current += c;
  }
  if (current.trim()) parts.push(current.trim());
  return parts.filter(Boolean);
}

/** Splits a simple command into words, removing quotes (no expansion). */
export function words(command: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) {
        current += command[++i];
      } else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}

const PREFIXES = new Set([
  'sudo',
  'env',
  'time',
  'exec',
  'command',
  'nohup',
  'xargs',
]);
/** Shell keywords that put a command after them: `if cosign verify …; then`. */
const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '!',
  '{',
  '(',
]);

/** The program a simple command runs, skipping `VAR=value`, `sudo`, `env` and their flags. */
export function programOf(
  commandWords: string[],
): { name: string; at: number } | undefined {
  let i = 0;
  while (i < commandWords.length) {
    const w = commandWords[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || KEYWORDS.has(w)) {
      i++;
    } else if (PREFIXES.has(w)) {
      i++;
      while (i < commandWords.length && commandWords[i].startsWith('-')) i++;
    } else {
      return { name: w.split('/').pop() ?? w, at: i };
    }
  }
  return undefined;
}

/**
 * The value of an option: `--flag value`, `--flag=value`, `-f value`; `true` when the option
 * is present without a value (or as a boolean switch); `undefined` when absent.
 */
export function optionValue(
  commandWords: string[],
  names: string[],
): string | true | undefined {
  for (let i = 0; i < commandWords.length; i++) {
    const w = commandWords[i];
    for (const name of names) {
      if (w === name) {
        const next = commandWords[i + 1];
        return next !== undefined && !next.startsWith('-') ? next : true;
      }
      if (w.startsWith(`${name}=`)) return w.slice(name.length + 1);
    }
  }
  return undefined;
}

/** An option's value when it has one (`--flag value`, `--flag=value`). */
export function stringOption(
  commandWords: string[],
  names: string[],
): string | undefined {
  const value = optionValue(commandWords, names);
  return typeof value === 'string' ? value : undefined;
}

export function hasOption(commandWords: string[], names: string[]): boolean {
  return commandWords.some(w =>
    names.some(n => w === n || w.startsWith(`${n}=`)),
  );
}
