import { repoTester, startsWith, span } from '../__testUtils__/fixtureRepo';

describe('R12 secret scanning in pre-commit and CI', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R12', base)).toEqual([]);
    },
  );

  it('flags a missing pre-commit configuration and one without a secret hook', async () => {
    expect(
      (
        await repo.violations('R12', 'github', {
          '.pre-commit-config.yaml': null,
        })
      ).map(v => v.message),
    ).toEqual([startsWith('No `.pre-commit-config.yaml`')]);
    const noHook = await repo.violations('R12', 'github', {
      '.pre-commit-config.yaml':
        'repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v5.0.0\n    hooks:\n      - id: trailing-whitespace\n',
    });
    expect(noHook.map(v => [v.file, v.message])).toEqual([
      [
        '.pre-commit-config.yaml',
        startsWith('The pre-commit configuration has no secret-scanning hook'),
      ],
    ]);
  });

  it.each([
    [
      'github',
      {
        '.github/workflows/ci.yml': [
          [
            span(
              '  secret-scan:',
              "scanners: secret\n          exit-code: '1'\n",
            ),
            '',
          ],
        ],
      },
    ],
    [
      'gitlab',
      {
        'ci/checks.gitlab-ci.yml': [
          ['    - gitleaks git --redact --verbose .\n', '    - echo no scan\n'],
        ],
      },
    ],
    [
      'tekton',
      {
        '.tekton/tasks/gitleaks.yaml': [
          ['gitleaks dir --redact --verbose .', 'echo no scan'],
        ],
      },
    ],
  ] as const)(
    'flags a %s pipeline without a secret-scanning job',
    async (base, changes) => {
      const found = await repo.violations('R12', base, changes as never);
      expect(found.map(v => [v.ci, v.message])).toEqual([
        [base, startsWith('No secret-scanning job')],
      ]);
    },
  );

  it('accepts pre-commit running the secret hook in CI', async () => {
    const found = await repo.violations('R12', 'gitlab', {
      'ci/checks.gitlab-ci.yml': [
        [
          '    - gitleaks git --redact --verbose .\n',
          '    - pre-commit run gitleaks --all-files\n',
        ],
      ],
    });
    expect(found).toEqual([]);
  });
});
