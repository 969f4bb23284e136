import { CiJob, CiStep, jobCommands } from '../model/ciJob';
import { Dockerfile } from '../model/dockerfile';
import {
  ScriptSource,
  commandLines,
  programOf,
  scriptFromText,
  splitCommands,
  words,
} from '../model/shell';

/** One simple command of a script, with the program it runs worked out. */
export interface SimpleCommand {
  /** The program, as a base name: `cosign`, `trivy`, `npm`. */
  program: string;
  /** The words after the program. */
  args: string[];
  /** The whole simple command as written. */
  text: string;
  /** The whole logical line it is part of (pipes and `&&` included). */
  lineText: string;
  file: string;
  line: number;
  /** The CI step it sits in (absent for Dockerfile `RUN`). */
  step?: CiStep;
  /** Its position in the job, to tell what runs before what. */
  order: number;
}

/** Runners that take the real program as their first argument. */
const LAUNCHERS = new Set(['npx', 'pnpx', 'bunx', 'uvx']);
const CONTAINER_RUNNERS = new Set(['docker', 'podman', 'nerdctl']);
/** `docker run` options that take a value. */
const RUN_VALUE_OPTIONS = new Set([
  '-v',
  '--volume',
  '-e',
  '--env',
  '-w',
  '--workdir',
  '--entrypoint',
  '--name',
  '-u',
  '--user',
  '--network',
  '--platform',
  '--mount',
  '-p',
  '--publish',
  '--env-file',
  '-l',
  '--label',
  '--pull',
  '--cpus',
  '-m',
  '--memory',
]);

/** The program a command really runs: `npx @cyclonedx/cyclonedx-npm` runs `cyclonedx-npm`. */
function effectiveProgram(
  all: string[],
  at: number,
): { program: string; args: string[] } {
  const name = (all[at].split('/').pop() ?? all[at]).toLowerCase();
  let rest = all.slice(at + 1);
  const skipOptions = () => {
    let i = 0;
    while (i < rest.length && rest[i].startsWith('-')) i++;
    return i;
  };
  if (
    LAUNCHERS.has(name) ||
    ((name === 'pnpm' || name === 'yarn') && rest[0] === 'dlx')
  ) {
    if (name === 'pnpm' || name === 'yarn') rest = rest.slice(1);
    const i = skipOptions();
    const target = rest[i];
    if (target) {
      const bare = target.replace(/^(@[^/]+\/)?([^@]+)(@.*)?$/, '$2');
      return { program: bare.toLowerCase(), args: rest.slice(i + 1) };
    }
  }
  if (CONTAINER_RUNNERS.has(name) && rest[0] === 'run') {
    let i = 1;
    while (i < rest.length && rest[i].startsWith('-')) {
      const option = rest[i].split('=')[0];
      i += RUN_VALUE_OPTIONS.has(option) && !rest[i].includes('=') ? 2 : 1;
    }
    const image = rest[i];
    if (image) {
      const base = image.split('@')[0].split('/').pop()!.split(':')[0];
      return { program: base.toLowerCase(), args: rest.slice(i + 1) };
    }
  }
  return { program: name, args: rest };
}

function commandsOfScript(
  script: ScriptSource,
  step: CiStep | undefined,
  startOrder: number,
): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let order = startOrder;
  for (const line of commandLines(script)) {
    for (const part of splitCommands(line.text)) {
      const all = words(part.replace(/^[({]+|[)}]+$/g, ''));
      const found = programOf(all);
      if (!found) continue;
      const { program, args } = effectiveProgram(all, found.at);
      out.push({
        program,
        args,
        text: part,
        lineText: line.text,
        file: script.file,
        line: line.line,
        step,
        order: order++,
      });
    }
  }
  return out;
}

const jobCache = new WeakMap<CiJob, SimpleCommand[]>();

/**
 * Every simple command a job runs, in order. A Tekton task referenced by name (its steps are
 * not in the repository) contributes one pseudo-command made of the task name and its
 * parameter values, so `trivy-scanner` with `ARGS: [image, --exit-code, "1"]` reads as a
 * trivy invocation.
 */
export function commandsOf(job: CiJob): SimpleCommand[] {
  const cached = jobCache.get(job);
  if (cached) return cached;
  const out: SimpleCommand[] = [];
  for (const command of jobCommands(job)) {
    if (!command.step.script) continue;
    for (const part of commandsOfScript(
      scriptFromText(command.text, command.step.script.file, command.line),
      command.step,
      out.length,
    )) {
      out.push({ ...part, order: out.length });
    }
  }
  for (const step of job.steps) {
    if (job.ci !== 'tekton' || !step.uses?.startsWith('task:')) continue;
    const taskName = step.uses.slice('task:'.length);
    const values = [...step.inputs.values()].map(i => i.value);
    const program = taskName.toLowerCase();
    out.push({
      program,
      args: values.flatMap(v => words(v)),
      text: [taskName, ...values].join(' '),
      lineText: [taskName, ...values].join(' '),
      file: job.file,
      line: step.line,
      step,
      order: -1,
    });
  }
  jobCache.set(job, out);
  return out;
}

/** The commands of every `RUN` of a Dockerfile, heredoc bodies included. */
export function dockerfileCommands(dockerfile: Dockerfile): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    const body = instruction.heredoc ?? instruction.rest;
    const script = scriptFromText(
      body,
      dockerfile.path,
      instruction.heredoc ? instruction.line + 1 : instruction.line,
    );
    out.push(...commandsOfScript(script, undefined, out.length));
  }
  return out;
}

/** The first positional argument (the subcommand) of a command. */
export function subcommand(command: SimpleCommand): string | undefined {
  return command.args.find(a => !a.startsWith('-'));
}

/**
 * Git's global options that take their value as the next word (`git -C dir`, `git -c k=v`);
 * the `--name=value` spellings are one word and need no entry.
 */
const GIT_OPTIONS_WITH_VALUE = new Set([
  '-C',
  '-c',
  '--config-env',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--attr-source',
  '--super-prefix',
]);

/**
 * The subcommand of a `git` command, after git's global options:
 * `git -c http.extraheader=… -C app push origin main` runs `push`.
 */
export function gitSubcommand(command: SimpleCommand): string | undefined {
  const { args } = command;
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    i += GIT_OPTIONS_WITH_VALUE.has(args[i]) ? 2 : 1;
  }
  return args[i];
}

/** A program name, allowing packaged variants (`trivy-scanner`, `cosign-sign`). */
export function runs(command: SimpleCommand, program: string): boolean {
  return (
    command.program === program || command.program.startsWith(`${program}-`)
  );
}

const ASSIGNMENT =
  /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))$/;

/**
 * Expands `$NAME` and `${NAME}` in a value from the job's variables and the plain
 * `NAME=value` assignments its scripts make, so `--certificate-identity-regexp "$IDENTITY"`
 * can be judged by what IDENTITY holds. Unknown variables stay as written.
 */
export function expander(job: CiJob): (value: string) => string {
  const vars = new Map(job.env ?? []);
  for (const command of jobCommands(job)) {
    const m = ASSIGNMENT.exec(command.text);
    if (m) vars.set(m[1], m[3] ?? m[4] ?? m[5] ?? '');
  }
  return value =>
    value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) => {
      const found = vars.get(name);
      return found !== undefined && !found.includes(`$${name}`) ? found : all;
    });
}
