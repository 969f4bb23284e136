import { spawn } from 'node:child_process';

/** A tool the validation needs is not installed: validation never goes on without it. */
export class ToolMissingError extends Error {
  name = 'ToolMissingError';
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program without a shell and collects its output. A program that is not installed
 * fails with a {@link ToolMissingError} naming `install`, how to get it.
 */
export function runCommand(
  command: string,
  args: string[],
  options: {
    cwd?: string;
    input?: string;
    env?: NodeJS.ProcessEnv;
    install: string;
    timeoutMs?: number;
  },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', chunk => stdout.push(chunk));
    child.stderr.on('data', chunk => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new ToolMissingError(
              `${command} is not installed (${options.install}); the templates cannot be validated without it`,
            )
          : error,
      );
    });
    child.on('close', (code, signal) => {
      if (code === null) {
        reject(new Error(`${command} was stopped by ${signal}`));
        return;
      }
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    // A child that exits without reading stdin (`--version`) is not an error: its exit code is.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The first line a program prints for `args` (its version), or why it could not run. */
export async function commandVersion(
  command: string,
  args: string[],
  install: string,
): Promise<string> {
  const { stdout, stderr } = await runCommand(command, args, { install });
  return (stdout || stderr).trim();
}
