import {
  SimpleCommand,
  commandsOf,
  dockerfileCommands,
  subcommand,
} from '../detect/commands';
import { programOf, splitCommands, words } from '../model/shell';
import { Finding } from '../types';
import { defineRule } from './defineRule';

const FETCHERS = new Set(['curl', 'wget']);
const INTERPRETERS = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'ksh',
  'ash',
  'fish',
  'python',
  'python3',
  'perl',
  'ruby',
  'node',
  'pwsh',
  'iex',
]);
const SHELL_NAMES = '(?:sh|bash|zsh|dash|ksh|ash|python3?|perl|ruby|node)';
const PROCESS_SUBSTITUTION = new RegExp(
  String.raw`(?:^|[\s;&|(])(?:${SHELL_NAMES}|source|\.)\s+(?:-\S+\s+)*<\(\s*(?:curl|wget)\b`,
);
const COMMAND_SUBSTITUTION = new RegExp(
  String.raw`(?:^|[\s;&|(])(?:(?:${SHELL_NAMES})\s+(?:-\w+\s+)*-c|eval)\s+["']?(?:\$\(|\x60)\s*(?:curl|wget)\b`,
);

/** `curl … | sh`, `wget -O- … | bash`, `bash <(curl …)`, `sh -c "$(curl …)"`. */
export function runsRemoteScript(line: string): boolean {
  if (PROCESS_SUBSTITUTION.test(line) || COMMAND_SUBSTITUTION.test(line))
    return true;
  for (const command of splitCommands(line, false)) {
    const segments = splitCommands(command, true).map(
      s => programOf(words(s))?.name,
    );
    const fetchAt = segments.findIndex(p => p !== undefined && FETCHERS.has(p));
    if (
      fetchAt >= 0 &&
      segments
        .slice(fetchAt + 1)
        .some(p => p !== undefined && INTERPRETERS.has(p))
    ) {
      return true;
    }
  }
  return false;
}

/** A `curl`/`wget` that fetches something (not an upload, not a local health check). */
function downloads(c: SimpleCommand): boolean {
  if (!FETCHERS.has(c.program)) return false;
  const uploads =
    /(^|\s)(-X\s*(POST|PUT|PATCH)|-d|--data[\w-]*|-F|--form|-T|--upload-file|--post-(file|data))(\s|=|$)/;
  return (
    !uploads.test(c.text) &&
    /https?:\/\/(?!(localhost|127\.0\.0\.1)\b)/.test(c.text)
  );
}

function installsTool(c: SimpleCommand): boolean {
  const sub = subcommand(c) ?? '';
  return (
    (c.program === 'chmod' && /\+x|[0-7]*[157][0-7]*/.test(c.args.join(' '))) ||
    (c.program === 'tar' && /(^|\s)-?[a-zA-Z]*x/.test(c.args.join(' '))) ||
    c.program === 'unzip' ||
    (c.program === 'install' && c.args.length > 0) ||
    (c.program === 'dpkg' && c.args.includes('-i')) ||
    (c.program === 'rpm' && /-[a-zA-Z]*[iU]/.test(c.args.join(' '))) ||
    ((c.program === 'mv' || c.program === 'cp') &&
      /\/(usr\/local\/)?bin\b/.test(c.args.join(' '))) ||
    (c.program === 'apk' &&
      sub === 'add' &&
      c.args.includes('--allow-untrusted'))
  );
}

function verifiesChecksum(c: SimpleCommand): boolean {
  const sub = subcommand(c);
  return (
    (/^sha(1|224|256|384|512)sum$/.test(c.program) &&
      (c.args.includes('-c') || c.args.includes('--check'))) ||
    (c.program === 'shasum' &&
      (c.args.includes('-c') || c.args.includes('--check'))) ||
    (c.program === 'cosign' && sub === 'verify-blob') ||
    (c.program === 'gpg' && c.args.includes('--verify')) ||
    (c.program === 'slsa-verifier' && sub === 'verify-artifact') ||
    (c.program === 'gh' && sub === 'attestation') ||
    (c.program === 'minisign' && c.args.includes('-V'))
  );
}

/** Findings for one unit of work (a job or a Dockerfile): remote scripts, unverified tools. */
function unitFindings(commands: SimpleCommand[], where: string): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const c of commands) {
    const key = `${c.file}:${c.line}`;
    if (reported.has(key) || !runsRemoteScript(c.lineText)) continue;
    reported.add(key);
    findings.push({
      file: c.file,
      line: c.line,
      message: `${where} pipes a downloaded script into an interpreter (\`${c.lineText.slice(
        0,
        80,
      )}\`): whatever the server returns runs. Download a pinned release, verify its checksum or signature, then run it.`,
    });
  }
  const fetched = commands.filter(downloads);
  if (
    fetched.length > 0 &&
    commands.some(installsTool) &&
    !commands.some(verifiesChecksum)
  ) {
    const first = fetched[0];
    findings.push({
      file: first.file,
      line: first.line,
      message: `${where} downloads a tool and installs it without checking it (\`${first.text.slice(
        0,
        80,
      )}\`). Verify it first: \`echo "<sha256>  file" | sha256sum -c -\` or \`cosign verify-blob\`.`,
    });
  }
  return findings;
}

export const r08 = defineRule({
  id: 'R08',
  title: 'No curl-pipe-shell; downloaded tools are checksum-verified',
  description:
    'No `curl | sh` / `wget | bash`; downloaded tools are checksum-verified. Checked in every CI job script and every Dockerfile `RUN`.',
  helpUri:
    'https://github.com/ossf/scorecard/blob/main/docs/checks.md#pinned-dependencies',
  severity: 'high',
  check: repo => [
    ...repo.jobs().flatMap(job =>
      unitFindings(
        commandsOf(job).filter(c => c.order >= 0),
        `Job \`${job.name}\``,
      ).map(f => ({ ci: job.ci, ...f })),
    ),
    ...repo.dockerfiles.flatMap(d =>
      unitFindings(dockerfileCommands(d), d.path),
    ),
  ],
});
