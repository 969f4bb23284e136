import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { ToolMissingError, runCommand } from './tools/runCommand';

export interface ServiceTestResult {
  language: 'node' | 'python';
  /** The commands, as a shell would show them. */
  command: string;
  passed: boolean;
  /** e.g. `6 passed, 0 failed` */
  summary: string;
  /** Everything the commands printed, for the failure message. */
  output: string;
  seconds: number;
}

export const PYTHON_INSTALL =
  'Debian packages python3-flask and python3-pytest: apt-get install python3-flask python3-pytest';

/** The PATH with the Node.js running this process first, so that npm runs on it too. */
function withThisNode(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
  };
}

async function nodeTests(
  dir: string,
): Promise<Omit<ServiceTestResult, 'seconds'>> {
  const env = withThisNode();
  const install = 'npm, which comes with Node.js';
  const ci = await runCommand(
    'npm',
    ['ci', '--ignore-scripts', '--no-audit', '--no-fund'],
    { cwd: dir, env, install, timeoutMs: 600_000 },
  );
  const command = 'npm ci --ignore-scripts && npm test';
  if (ci.code !== 0) {
    return {
      language: 'node',
      command,
      passed: false,
      summary: `npm ci failed (exit ${ci.code})`,
      output: ci.stdout + ci.stderr,
    };
  }
  const test = await runCommand('npm', ['test'], { cwd: dir, env, install });
  const output = test.stdout + test.stderr;
  // node --test ends with its TAP summary: `# pass 6`, `# fail 0`...
  const count = (what: string) =>
    output.match(new RegExp(`^# ${what} (\\d+)$`, 'm'))?.[1];
  return {
    language: 'node',
    command,
    passed: test.code === 0,
    summary: `${count('pass') ?? '?'} passed, ${count('fail') ?? '?'} failed`,
    output,
  };
}

/** Debian's Python first (where python3-flask and python3-pytest install), then PATH's. */
const PYTHONS = ['/usr/bin/python3', 'python3'];

async function pythonWithFlask(): Promise<string> {
  let reason = '';
  for (const python of PYTHONS) {
    const probe = await runCommand(python, ['-c', 'import flask, pytest'], { install: PYTHON_INSTALL }).catch(
      (error: Error) => ({ code: 1, stderr: error.message }),
    );
    if (probe.code === 0) return python;
    reason = probe.stderr.trim();
  }
  throw new ToolMissingError(`No python3 can import Flask and pytest (${PYTHON_INSTALL}): ${reason}`);
}

async function pythonTests(
  dir: string,
): Promise<Omit<ServiceTestResult, 'seconds'>> {
  const python = await pythonWithFlask();
  const test = await runCommand(
    python,
    ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
    {
      cwd: dir,
      install: PYTHON_INSTALL,
      timeoutMs: 300_000,
    },
  );
  const output = test.stdout + test.stderr;
  const summary = output.trim().split('\n').pop() ?? '';
  return {
    language: 'python',
    command: `${python} -m pytest -q`,
    passed: test.code === 0,
    summary: summary.replace(/=/g, '').trim(),
    output,
  };
}

/**
 * Runs the rendered service's own unit tests, on a copy of the repository so that the
 * rendered tree stays as it was: `npm ci --ignore-scripts && npm test` for a Node.js service
 * (npm on the Node.js running this process), `python3 -m pytest -q` for a Python one.
 */
export async function runServiceTests(
  repoDir: string,
): Promise<ServiceTestResult> {
  const has = (file: string) => existsSync(join(repoDir, file));
  let language: ServiceTestResult['language'];
  if (has('package.json')) language = 'node';
  else if (has('pyproject.toml') || has('requirements.txt'))
    language = 'python';
  else
    throw new Error(`${repoDir} holds neither a Node.js nor a Python service`);
  const copy = await fs.mkdtemp(join(tmpdir(), 'service-tests-'));
  const started = process.hrtime.bigint();
  try {
    await fs.cp(repoDir, copy, { recursive: true });
    const result =
      language === 'node' ? await nodeTests(copy) : await pythonTests(copy);
    return {
      ...result,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    await fs.rm(copy, { recursive: true, force: true });
  }
}
