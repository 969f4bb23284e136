import { repoTester, startsWith, span } from '../__testUtils__/fixtureRepo';

describe('R11 dependency vulnerability gate on pull requests', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R11', base)).toEqual([]);
    },
  );

  it('flags a gate without a severity threshold or one that cannot fail', async () => {
    const noThreshold = await repo.violations('R11', 'github', {
      '.github/workflows/ci.yml': [
        [
          '          scanners: vuln\n          severity: HIGH,CRITICAL\n',
          '          scanners: vuln\n',
        ],
      ],
    });
    expect(noThreshold.map(v => [v.line, v.message])).toEqual([
      [
        40,
        startsWith(
          'aquasecurity/trivy-action (fs) has no explicit severity threshold',
        ),
      ],
    ]);
    const cannotFail = await repo.violations('R11', 'github', {
      '.github/workflows/ci.yml': [
        [
          "          severity: HIGH,CRITICAL\n          exit-code: '1'\n",
          '          severity: HIGH,CRITICAL\n',
        ],
      ],
    });
    expect(cannotFail.map(v => v.message)).toEqual([
      startsWith(
        'aquasecurity/trivy-action (fs) reports but cannot fail the job',
      ),
    ]);
  });

  it('accepts dependency-review-action with fail-on-severity and npm audit with a level', async () => {
    const found = await repo.violations('R11', 'github', {
      '.github/workflows/ci.yml': [
        [
          span('  dependency-scan:', "exit-code: '1'\n"),
          `  dependency-review:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    steps:
      - uses: actions/dependency-review-action@da24556b548a50705dd671f47852072ea4c105d9 # v4.7.1
        with:
          fail-on-severity: high
`,
        ],
      ],
    });
    expect(found).toEqual([]);
  });

  it('flags a gate that only runs after merge', async () => {
    const found = await repo.violations('R11', 'github', {
      '.github/workflows/ci.yml': [
        [
          'on:\n  push:\n    branches: [main]\n  pull_request:\n',
          'on:\n  push:\n    branches: [main]\n',
        ],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        'The dependency scan (aquasecurity/trivy-action (fs)) does not run on pull/merge requests',
      ),
    ]);
  });

  it('flags a GitLab repository whose only dependency scan has no threshold', async () => {
    const found = await repo.violations('R11', 'gitlab', {
      'ci/checks.gitlab-ci.yml': [
        [
          'trivy fs --scanners vuln --severity HIGH,CRITICAL --exit-code 1 .',
          'npm audit',
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      [
        'ci/checks.gitlab-ci.yml',
        29,
        startsWith('npm audit has no explicit severity threshold'),
      ],
    ]);
  });

  it('flags a Tekton repository without any dependency gate', async () => {
    const found = await repo.violations('R11', 'tekton', {
      '.tekton/pipeline-checks.yaml': [
        [span('    - name: dependency-scan\n', 'workspace: source }\n'), ''],
      ],
      '.tekton/tasks/dependency-gate.yaml': null,
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      ['.tekton/checks.yaml', startsWith('No dependency vulnerability gate')],
    ]);
  });
});
