import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

describe('R10 SAST on push, pull request and schedule', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R10', base)).toEqual([]);
    },
  );

  it('flags a GitHub repository without CodeQL or Semgrep', async () => {
    const found = await repo.violations('R10', 'github', {
      '.github/workflows/codeql.yml': null,
    });
    expect(found).toEqual([
      expect.objectContaining({
        file: '.github/workflows/ci.yml',
        message: startsWith('No SAST job'),
      }),
    ]);
  });

  it('flags SAST that misses the schedule, and counts the events of callers of a reusable workflow', async () => {
    const found = await repo.violations('R10', 'github', {
      '.github/workflows/codeql.yml': [
        ["  schedule:\n    - cron: '17 4 * * 1'\n", ''],
      ],
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        31,
        startsWith(
          'SAST (github/codeql-action/analyze) does not run on a schedule',
        ),
      ],
    ]);

    const reusable = await repo.violations('R10', 'github', {
      '.github/workflows/codeql.yml': [
        [
          "on:\n  push:\n    branches: [main]\n  pull_request:\n  schedule:\n    - cron: '17 4 * * 1'\n",
          'on: workflow_call\n',
        ],
      ],
      '.github/workflows/nightly.yml': `on:
  push:
  pull_request:
  schedule: [{ cron: '0 3 * * *' }]
permissions: read-all
concurrency: nightly
jobs:
  sast:
    permissions: { contents: read, security-events: write }
    uses: ./.github/workflows/codeql.yml
`,
    });
    expect(reusable).toEqual([]);
  });

  it('evaluates GitLab rules: a SAST job only for merge requests misses pushes and schedules', async () => {
    const found = await repo.violations('R10', 'gitlab', {
      'ci/checks.gitlab-ci.yml': [
        [
          'sast:\n  extends: .checks\n',
          'sast:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n',
        ],
      ],
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      [
        'ci/checks.gitlab-ci.yml',
        startsWith('SAST (semgrep scan) does not run on push, a schedule.'),
      ],
    ]);
  });

  it('accepts the GitLab SAST template, which runs in branch pipelines', async () => {
    const found = await repo.violations('R10', undefined, {
      '.gitlab-ci.yml':
        'include:\n  - template: Jobs/SAST.gitlab-ci.yml\ntest:\n  script: [npm test]\n',
    });
    expect(found).toEqual([]);
  });

  it('flags Tekton SAST that runs only for pull requests', async () => {
    const found = await repo.violations('R10', 'tekton', {
      '.tekton/checks.yaml': [
        ['on-event: "[pull_request, push]"', 'on-event: "[pull_request]"'],
      ],
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      [
        '.tekton/tasks/semgrep.yaml',
        startsWith('SAST (semgrep scan) does not run on push.'),
      ],
    ]);
  });

  it('reports a repository without any CI', async () => {
    const found = await repo.violations('R10', undefined, {
      'README.md': '# x\n',
    });
    expect(found).toEqual([
      expect.objectContaining({
        file: '.',
        message: startsWith('No CI configuration found'),
      }),
    ]);
  });
});
