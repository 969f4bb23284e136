import {
  SimpleCommand,
  commandsOf,
  dockerfileCommands,
  subcommand,
} from '../detect/commands';
import { Repository } from '../model/Repository';
import { optionValue } from '../model/shell';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { scorecard } from './support';

interface Ecosystem {
  name: string;
  manifest: RegExp;
  lockfiles: string[];
  /** A command that installs exactly what the lockfile says. */
  enforcing(c: SimpleCommand): boolean;
  /** A command that installs the manifest's dependencies while ignoring the lockfile. */
  lax(c: SimpleCommand): boolean;
  how: string;
}

const positional = (c: SimpleCommand) => c.args.filter(a => !a.startsWith('-'));

const ECOSYSTEMS: Ecosystem[] = [
  {
    name: 'npm',
    manifest: /(^|\/)package\.json$/,
    lockfiles: [
      'package-lock.json',
      'npm-shrinkwrap.json',
      'yarn.lock',
      'pnpm-lock.yaml',
    ],
    enforcing: c =>
      (c.program === 'npm' &&
        ['ci', 'clean-install', 'install-clean'].includes(
          subcommand(c) ?? '',
        )) ||
      (c.program === 'yarn' &&
        /--(immutable|frozen-lockfile)\b/.test(c.text)) ||
      (c.program === 'pnpm' &&
        ['install', 'i'].includes(subcommand(c) ?? '') &&
        /--frozen-lockfile\b/.test(c.text)),
    lax: c =>
      (c.program === 'npm' &&
        ['install', 'i', 'add'].includes(subcommand(c) ?? '') &&
        positional(c).length === 1 &&
        !c.args.includes('-g') &&
        !c.args.includes('--global')) ||
      (c.program === 'yarn' &&
        (c.args.length === 0 ||
          (subcommand(c) === 'install' &&
            !/--(immutable|frozen-lockfile)\b/.test(c.text)))) ||
      (c.program === 'pnpm' &&
        ['install', 'i'].includes(subcommand(c) ?? '') &&
        positional(c).length === 1 &&
        !/--frozen-lockfile\b/.test(c.text)),
    how: 'install with `npm ci` (or `yarn install --immutable`, `pnpm install --frozen-lockfile`)',
  },
  {
    name: 'pip',
    manifest: /(^|\/)requirements[\w.-]*\.txt$/,
    lockfiles: [],
    enforcing: c =>
      /^pip3?$/.test(c.program) &&
      subcommand(c) === 'install' &&
      c.args.includes('--require-hashes'),
    lax: c =>
      /^pip3?$/.test(c.program) &&
      subcommand(c) === 'install' &&
      optionValue(c.args, ['-r', '--requirement']) !== undefined &&
      !c.args.includes('--require-hashes'),
    how: 'install with `pip install --require-hashes -r requirements.txt`',
  },
  {
    name: 'go',
    manifest: /(^|\/)go\.mod$/,
    lockfiles: ['go.sum'],
    enforcing: c =>
      c.program === 'go' &&
      subcommand(c) === 'mod' &&
      c.args.includes('verify'),
    lax: () => false,
    how: 'run `go mod verify` before building',
  },
];

/** Lockfiles count when they sit next to the manifest or in a folder above it (workspaces). */
function lockfileFor(
  repo: Repository,
  manifest: string,
  names: string[],
): string | undefined {
  const parts = manifest.split('/').slice(0, -1);
  for (let depth = parts.length; depth >= 0; depth--) {
    const dir = parts.slice(0, depth).join('/');
    for (const name of names) {
      const candidate = dir ? `${dir}/${name}` : name;
      if (repo.has(candidate)) return candidate;
    }
  }
  return undefined;
}

function requirementLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let current: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const row = raw.replace(/\s+#.*$/, '');
    if (!current) current = { line: index + 1, text: '' };
    current.text += ` ${row.replace(/\\\s*$/, '')}`;
    if (/\\\s*$/.test(row)) return;
    const trimmed = current.text.trim();
    if (trimmed && !trimmed.startsWith('#') && !trimmed.startsWith('-')) {
      out.push({ line: current.line, text: trimmed });
    }
    current = undefined;
  });
  return out;
}

export const r09 = defineRule({
  id: 'R09',
  title: 'Lockfile committed and installs enforce it',
  description:
    'Lockfile committed; CI installs with a lock-enforcing command (`npm ci`, `go mod verify`, `--require-hashes`). Installs in Dockerfile `RUN` count as CI installs.',
  helpUri: scorecard('Pinned-Dependencies'),
  severity: 'high',
  notApplicable: repo =>
    repo.paths.some(p => ECOSYSTEMS.some(e => e.manifest.test(p)))
      ? undefined
      : 'No package.json, requirements*.txt or go.mod found',
  check: repo => {
    const installs: SimpleCommand[] = [
      ...repo.jobs().flatMap(j => commandsOf(j).filter(c => c.order >= 0)),
      ...repo.dockerfiles.flatMap(dockerfileCommands),
    ];
    const findings: Finding[] = [];
    for (const ecosystem of ECOSYSTEMS) {
      const manifests = repo.paths.filter(p => ecosystem.manifest.test(p));
      if (manifests.length === 0) continue;
      for (const manifest of manifests) {
        if (ecosystem.name === 'pip') {
          for (const requirement of requirementLines(
            repo.text(manifest) ?? '',
          )) {
            if (!/--hash=sha(256|384|512):[0-9a-f]+/.test(requirement.text)) {
              findings.push({
                file: manifest,
                line: requirement.line,
                message: `\`${
                  requirement.text.split(/\s/)[0]
                }\` has no \`--hash=\`; without hashes for every requirement pip cannot verify what it installs. Generate the file with \`pip-compile --generate-hashes\`.`,
              });
            }
          }
        } else if (!lockfileFor(repo, manifest, ecosystem.lockfiles)) {
          findings.push({
            file: manifest,
            message: `${manifest} has no committed lockfile (${ecosystem.lockfiles.join(
              ', ',
            )}), so every install can resolve different versions. Commit the lockfile.`,
          });
        }
      }
      for (const c of installs.filter(i => ecosystem.lax(i))) {
        findings.push({
          file: c.file,
          line: c.line,
          message: `\`${c.text.slice(
            0,
            80,
          )}\` resolves dependencies afresh instead of installing the locked set; ${
            ecosystem.how
          }.`,
        });
      }
      if (!installs.some(i => ecosystem.enforcing(i))) {
        findings.push({
          file: manifests[0],
          message: `No CI job or Dockerfile installs the ${ecosystem.name} dependencies in a lock-enforcing way; ${ecosystem.how}.`,
        });
      }
    }
    return findings;
  },
});
