import { Document } from 'yaml';
import { isWorkflowFile } from './actionlint';
import {
  GitlabReference,
  RenderedTree,
  YamlFile,
  isLiteralBlock,
  lineAt,
} from './tree';

export type Shell = 'bash' | 'sh';

/** One script a CI system runs in a shell, as shellcheck gets it. */
export interface ShellBlock {
  file: string;
  /** Which job and step it is, for messages. */
  where: string;
  shell: Shell;
  /**
   * What the CI system runs before the script in the same shell (`set -e`...), or nothing
   * when the script starts with its own shebang.
   */
  setup?: string;
  /** The script, CI expressions replaced by placeholders of the same length. */
  script: string;
  /** The line in `file` of each line of `script` (the block's own line when unknown). */
  lines: number[];
}

export interface ShellExtraction {
  blocks: ShellBlock[];
  /** Scripts in another language (a `shell: python` step, a Python Tekton step). */
  otherLanguages: string[];
  /** Scripts that cannot be put together (a broken `extends` or `!reference`...). */
  errors: Array<{ file: string; line?: number; message: string }>;
}

/**
 * Replaces `${{ ... }}` with underscores, as actionlint does before it runs shellcheck on a
 * `run:` block, so that an expression reads as one word; newlines stay, so lines stay put.
 */
export function sanitizeGithubExpressions(script: string): string {
  return script.replace(/\$\{\{[\s\S]*?\}\}/g, m => m.replace(/[^\n]/g, '_'));
}

/** The same for Tekton's substitutions: `$(params.x)`, `$(results.x.path)`... */
export function sanitizeTektonSubstitutions(script: string): string {
  return script.replace(
    /\$\((params|results|workspaces|context|tasks|steps|step|inputs|outputs|credentials|resources)[.[][^)]*\)/g,
    m => '_'.repeat(m.length),
  );
}

/** `bash`, `sh -e {0}`, `/usr/bin/env bash`: the shell a CI `shell:` value or shebang names. */
function shellNamed(command: string): Shell | string {
  const words = command.trim().split(/\s+/);
  const program = (words[0] === '/usr/bin/env' ? words[1] : words[0]) ?? '';
  const name = program.split('/').pop() ?? '';
  if (name === 'bash') return 'bash';
  if (name === 'sh' || name === 'dash' || name === 'ash') return 'sh';
  return name;
}

/** Lines of a script held in one YAML scalar starting on `line`. */
function scalarLines(
  file: YamlFile,
  doc: Document.Parsed,
  path: Array<string | number>,
  script: string,
): number[] {
  const line = lineAt(file, doc, path) ?? 1;
  const count = script.split('\n').length;
  // A literal block's first line is the one after its `|` header; lines follow one another.
  return isLiteralBlock(doc, path)
    ? Array.from({ length: count }, (_, i) => line + 1 + i)
    : Array(count).fill(line);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value at `keys` inside nested mappings, if every step of the way is a mapping. */
function get(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys)
    current = isObject(current) ? current[key] : undefined;
  return current;
}

// ---- GitHub Actions -------------------------------------------------------------------------

function githubBlocks(file: YamlFile, out: ShellExtraction): void {
  const first = file.documents[0];
  if (!first || !isObject(first.value)) return;
  const workflow = first.value;
  const workflowShell = str(get(workflow, 'defaults', 'run', 'shell'));
  const jobs = isObject(workflow.jobs) ? workflow.jobs : {};
  for (const [jobId, job] of Object.entries(jobs)) {
    if (!isObject(job) || !Array.isArray(job.steps)) continue;
    const runsOn = JSON.stringify(job['runs-on'] ?? '').toLowerCase();
    const jobShell =
      str(get(job, 'defaults', 'run', 'shell')) ??
      workflowShell ??
      (runsOn.includes('windows') ? 'pwsh' : 'bash');
    job.steps.forEach((step: unknown, index: number) => {
      if (!isObject(step) || typeof step.run !== 'string') return;
      const where = `job ${jobId}, step ${
        str(step.name) ?? str(step.id) ?? index + 1
      }`;
      const shell = shellNamed(str(step.shell) ?? jobShell);
      if (shell !== 'bash' && shell !== 'sh') {
        out.otherLanguages.push(`${file.path}: ${where} (shell: ${shell})`);
        return;
      }
      const path = ['jobs', jobId, 'steps', index, 'run'];
      out.blocks.push({
        file: file.path,
        where,
        shell,
        // What GitHub runs for `shell: bash` / `sh` (and the default bash).
        setup: shell === 'bash' ? 'set -eo pipefail' : 'set -e',
        script: sanitizeGithubExpressions(step.run),
        lines: scalarLines(file, first.doc, path, step.run),
      });
    });
  }
}

// ---- GitLab CI ------------------------------------------------------------------------------

const GITLAB_KEYWORDS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);

/** GitLab's `extends` merge: mappings merge key by key, everything else is replaced. */
function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const previous = merged[key];
    merged[key] =
      isObject(previous) && isObject(value)
        ? deepMerge(previous, value)
        : value;
  }
  return merged;
}

function gitlabResolver(top: Record<string, unknown>) {
  function resolveJob(
    name: string,
    seen: string[] = [],
  ): Record<string, unknown> {
    const job = top[name];
    if (!isObject(job))
      throw new Error(`extends names ${name}, which is not defined`);
    if (seen.includes(name))
      throw new Error(`extends loops: ${[...seen, name].join(' -> ')}`);
    const parents = job.extends === undefined ? [] : [job.extends].flat();
    let merged: Record<string, unknown> = {};
    for (const parent of parents) {
      merged = deepMerge(merged, resolveJob(String(parent), [...seen, name]));
    }
    const { extends: _extends, ...own } = job;
    return deepMerge(merged, own);
  }

  /** Script lines, `!reference` tags and nested lists expanded. */
  function scriptLines(value: unknown, depth = 0): string[] {
    if (depth > 10) throw new Error('!reference nests more than 10 levels');
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [value];
    if (value instanceof GitlabReference) {
      const [jobName, ...keys] = value.path.map(String);
      let target: unknown = resolveJob(jobName);
      for (const key of keys)
        target = isObject(target) ? target[key] : undefined;
      if (target === undefined) {
        throw new Error(
          `!reference [${value.path.join(', ')}] points to nothing`,
        );
      }
      return scriptLines(target, depth + 1);
    }
    if (Array.isArray(value))
      return value.flatMap(v => scriptLines(v, depth + 1));
    throw new Error(
      `a script line is a ${typeof value}, not a string (a ": " in an unquoted line makes it a mapping): ${JSON.stringify(
        value,
      )}`,
    );
  }

  return { resolveJob, scriptLines };
}

/** Whether a job takes `key` (before_script / after_script) from `default:`. */
function inheritsDefault(job: Record<string, unknown>, key: string): boolean {
  const inherit = isObject(job.inherit) ? job.inherit.default : undefined;
  if (inherit === undefined || inherit === true) return true;
  if (inherit === false) return false;
  return Array.isArray(inherit) && inherit.includes(key);
}

function gitlabBlocks(file: YamlFile, out: ShellExtraction): void {
  const first = file.documents[0];
  if (!first || !isObject(first.value)) return;
  const top = first.value;
  const { resolveJob, scriptLines } = gitlabResolver(top);
  const defaults = isObject(top.default) ? top.default : {};
  for (const name of Object.keys(top)) {
    if (GITLAB_KEYWORDS.has(name) || name.startsWith('.')) continue;
    if (!isObject(top[name])) continue;
    const jobLine = lineAt(file, first.doc, [name]) ?? 1;
    try {
      gitlabJobBlocks(name, jobLine);
    } catch (error) {
      out.errors.push({
        file: file.path,
        line: jobLine,
        message: `job ${name}: ${(error as Error).message}`,
      });
    }
  }

  function gitlabJobBlocks(name: string, jobLine: number): void {
    const job = resolveJob(name);
    const section = (key: 'before_script' | 'after_script') => {
      if (job[key] !== undefined) return job[key];
      // From `default:` (or the deprecated top-level keyword), unless `inherit:` says no.
      return inheritsDefault(job, key) ? defaults[key] ?? top[key] : undefined;
    };
    const block = (where: string, parts: unknown[]) => {
      const lines = parts.flatMap(p => scriptLines(p));
      if (lines.length === 0) return;
      const script = lines.join('\n');
      out.blocks.push({
        file: file.path,
        where: `job ${name}, ${where}`,
        // The images differ (Alpine-based scanners have no bash): POSIX sh, the strictest.
        shell: 'sh',
        setup: 'set -e',
        script,
        lines: Array(script.split('\n').length).fill(jobLine),
      });
    };
    // before_script and script run in one shell, after_script in a new one.
    block('before_script + script', [section('before_script'), job.script]);
    block('after_script', [section('after_script')]);
  }
}

// ---- Tekton ---------------------------------------------------------------------------------

function tektonBlocks(file: YamlFile, out: ShellExtraction): void {
  for (const { doc, value } of file.documents) {
    if (
      !isObject(value) ||
      !String(value.apiVersion ?? '').startsWith('tekton.dev/')
    ) {
      continue;
    }
    const name = `${value.kind} ${str(get(value, 'metadata', 'name')) ?? ''}`;
    const visit = (node: unknown, path: Array<string | number>) => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => visit(item, [...path, i]));
        return;
      }
      if (!isObject(node)) return;
      const parent = path[path.length - 2];
      if (
        (parent === 'steps' || parent === 'sidecars') &&
        typeof node.script === 'string'
      ) {
        const where = `${name}, ${parent === 'steps' ? 'step' : 'sidecar'} ${
          str(node.name) ?? path[path.length - 1]
        }`;
        const script = sanitizeTektonSubstitutions(node.script);
        const lines = scalarLines(file, doc, [...path, 'script'], node.script);
        const shebang = /^#!(.*)/.exec(script);
        const shell = shebang ? shellNamed(shebang[1]) : 'sh';
        if (shell !== 'bash' && shell !== 'sh') {
          out.otherLanguages.push(`${file.path}: ${where} (${shebang?.[0]})`);
        } else {
          // Without a shebang Tekton runs the script with `#!/bin/sh` and `set -e` before it.
          out.blocks.push({
            file: file.path,
            where,
            shell,
            setup: shebang ? undefined : 'set -e',
            script,
            lines,
          });
        }
      }
      for (const [key, child] of Object.entries(node))
        visit(child, [...path, key]);
    };
    visit(value, []);
  }
}

/**
 * Every shell script a CI system of the repository runs: GitHub `run:` blocks (with the shell
 * GitHub would use), GitLab `before_script` + `script` and `after_script` of every job (with
 * `extends`, `default:` and `!reference` resolved), and Tekton step and sidecar `script:`s.
 */
export function extractShellBlocks(tree: RenderedTree): ShellExtraction {
  const out: ShellExtraction = { blocks: [], otherLanguages: [], errors: [] };
  for (const file of tree.yamlFiles()) {
    if (file.error) continue; // reported by checkSyntax
    if (isWorkflowFile(file.path)) githubBlocks(file, out);
    else if (file.path === '.gitlab-ci.yml') gitlabBlocks(file, out);
    else tektonBlocks(file, out);
  }
  return out;
}
