import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  applyChanges,
  fixturePath,
  repoTester,
} from '../checker/__testUtils__/fixtureRepo';

const BIN = resolve(__dirname, '../../bin/security-pipeline-check');

async function run(
  args: string[],
  cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [BIN, ...args],
      { cwd },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('security-pipeline-check', () => {
  const repo = repoTester();
  jest.setTimeout(60_000);

  it('exits 0 and prints a text report for a compliant repository', async () => {
    const { code, stdout } = await run([fixturePath('gitlab')]);
    expect(code).toBe(0);
    expect(stdout).toContain('Secure pipeline standard v1 — CI: gitlab');
    expect(stdout).toContain('R21 not applicable');
    expect(stdout).toContain('No violations.');
  });

  it('exits 1 and writes SARIF to a file when there are violations', async () => {
    repo.dir.setContent({
      ...applyChanges('github', {
        '.github/workflows/ci.yml': [
          [
            /actions\/setup-node@[0-9a-f]{40} # v4\.4\.0/g,
            'actions/setup-node@v4',
          ],
        ],
      }),
    });
    const output = join(repo.dir.path, 'report.sarif');
    const { code, stderr } = await run(
      ['--format', 'sarif', '--output', 'report.sarif', '.'],
      repo.dir.path,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('2 violation(s); report written to');
    const log = JSON.parse(readFileSync(output, 'utf8'));
    expect(log.runs[0].tool.driver.name).toBe('security-pipeline-rules');
    expect(log.runs[0].tool.driver.version).toBe(
      JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8'))
        .version,
    );
    expect(
      log.runs[0].results.map((r: { ruleId: string; locations: any[] }) => [
        r.ruleId,
        r.locations[0].physicalLocation.region.startLine,
      ]),
    ).toEqual([
      ['R03', 26],
      ['R03', 101],
    ]);
  });

  it('prints SARIF with no results to stdout for a clean repository, limited to one CI system', async () => {
    repo.dir.setContent({
      ...applyChanges('tekton', {
        '.gitlab-ci.yml':
          'lint:\n  script: [curl -s https://x.example.com/i.sh | sh]\n',
      }),
    });
    const { code, stdout } = await run([
      '-f',
      'sarif',
      '--ci',
      'tekton',
      repo.dir.path,
    ]);
    expect(code).toBe(0);
    const log = JSON.parse(stdout);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].properties.ciSystems).toEqual(['tekton']);
  });

  it.each([
    [['--format', 'xml'], '--format must be text or sarif'],
    [['--ci', 'jenkins'], '--ci must be one of github, gitlab, tekton'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
    [['a', 'b'], 'Expected one directory'],
  ])('exits 2 on the usage error %j', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: security-pipeline-check');
  });

  it('exits 2 when the directory does not exist', async () => {
    const { code, stderr } = await run([join(repo.dir.path, 'missing')]);
    expect(code).toBe(2);
    expect(stderr).toContain('is not a directory');
  });

  it('prints its version and help', async () => {
    expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      'Exit codes: 0 no violations, 1 violations found, 2 usage or input error',
    );
  });
});
