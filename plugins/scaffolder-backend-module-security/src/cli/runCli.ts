import { InputError, isError } from '@backstage/errors';
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkRepository } from '../checker';
import { CI_SYSTEMS, CheckResult, CiSystem } from '../checker/types';
import { packageVersion } from '../packageVersion';
import { toSarif } from '../sarif';
import { formatText } from './formatText';

export const EXIT_CLEAN = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 3;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const USAGE = `Usage: security-pipeline-check [options] [directory]

Checks a repository (default: the current directory) against the secure pipeline
standard, rules R01-R28, for the CI systems it finds.

Options:
  -f, --format <text|sarif>          output format (default: text)
  -o, --output <file>                write the report to a file instead of stdout
      --ci <github|gitlab|tekton>    only check this CI system (repeat or comma-separate)
  -t, --template <file>              software template (template.yaml) to check R21 against
  -h, --help                         show this help
  -v, --version                      show the version

Exit codes: 0 no violations, 1 violations found, 2 usage or input error, 3 failure.
`;

interface Parsed {
  directory: string;
  format: 'text' | 'sarif';
  output?: string;
  ci?: CiSystem[];
  template?: string;
}

function parse(argv: string[], cwd: string): Parsed | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      ci: { type: 'string', multiple: true },
      template: { type: 'string', short: 't' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (positionals.length > 1)
    throw new InputError(
      `Expected one directory, got ${positionals.join(', ')}`,
    );
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'sarif') {
    throw new InputError(`--format must be text or sarif, not ${format}`);
  }
  const ci = values.ci
    ?.flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(Boolean);
  const unknown = ci?.filter(c => !CI_SYSTEMS.includes(c as CiSystem)) ?? [];
  if (unknown.length > 0) {
    throw new InputError(
      `--ci must be one of ${CI_SYSTEMS.join(', ')}, not ${unknown.join(', ')}`,
    );
  }
  return {
    directory: resolve(cwd, positionals[0] ?? '.'),
    format,
    output: values.output ? resolve(cwd, values.output) : undefined,
    ci: ci as CiSystem[] | undefined,
    template: values.template ? resolve(cwd, values.template) : undefined,
  };
}

function render(
  result: CheckResult,
  format: Parsed['format'],
  version: string,
): string {
  return format === 'sarif'
    ? `${JSON.stringify(toSarif(result, { version }), null, 2)}\n`
    : formatText(result);
}

/**
 * Runs the command line with `argv` (without `node` and the script) and returns the exit
 * code. Everything it prints goes through `io`, so tests run it in-process too.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let options: Parsed | 'help' | 'version';
  try {
    options = parse(argv, io.cwd);
  } catch (error) {
    io.stderr(`${isError(error) ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (options === 'help') {
    io.stdout(USAGE);
    return EXIT_CLEAN;
  }
  const version = packageVersion();
  if (options === 'version') {
    io.stdout(`${version}\n`);
    return EXIT_CLEAN;
  }
  let result: CheckResult;
  try {
    result = await checkRepository(options.directory, {
      ci: options.ci,
      templateFile: options.template,
    });
  } catch (error) {
    const input = isError(error) && error.name === 'InputError';
    io.stderr(
      `security-pipeline-check: ${
        isError(error) ? error.message : String(error)
      }\n`,
    );
    return input ? EXIT_USAGE : EXIT_FAILURE;
  }
  const report = render(result, options.format, version);
  if (options.output) {
    await fs.writeFile(options.output, report);
    io.stderr(
      `security-pipeline-check: ${result.violations.length} violation(s); report written to ${options.output}\n`,
    );
  } else {
    io.stdout(report);
  }
  return result.violations.length > 0 ? EXIT_VIOLATIONS : EXIT_CLEAN;
}
