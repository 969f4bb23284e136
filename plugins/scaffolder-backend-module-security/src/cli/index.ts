export {
  runCli,
  EXIT_CLEAN,
  EXIT_FAILURE,
  EXIT_USAGE,
  EXIT_VIOLATIONS,
} from './runCli';
export type { CliIo } from './runCli';

import { runCli } from './runCli';

/** Runs the command line on this process's arguments and sets its exit code. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    cwd: process.cwd(),
  });
}
