import { repoTester, span } from '../__testUtils__/fixtureRepo';

describe('R01 top-level token permissions', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R01', base)).toEqual([]);
    },
  );

  it('flags a workflow without top-level permissions at its trigger line', async () => {
    const found = await repo.violations('R01', 'github', {
      '.github/workflows/ci.yml': [
        ['permissions:\n  contents: read\n\nconcurrency', 'concurrency'],
      ],
    });
    expect(found).toEqual([
      expect.objectContaining({
        file: '.github/workflows/ci.yml',
        line: 5,
        ci: 'github',
        message: expect.stringContaining('no top-level `permissions:`'),
      }),
    ]);
  });

  it('flags write-all and write scopes at the top level, and accepts read-all', async () => {
    const found = await repo.violations('R01', 'github', {
      '.github/workflows/ci.yml': [
        [
          'permissions:\n  contents: read\n',
          'permissions:\n  contents: read\n  packages: write\n',
        ],
      ],
      '.github/workflows/codeql.yml': [
        ['permissions:\n  contents: read\n', 'permissions: write-all\n'],
      ],
      '.github/workflows/release.yml': [
        ['permissions:\n  contents: read\n', 'permissions: read-all\n'],
      ],
    });
    expect(found.map(v => [v.file, v.line])).toEqual([
      ['.github/workflows/ci.yml', 12],
      ['.github/workflows/codeql.yml', 11],
    ]);
    expect(found[0].message).toContain(
      '`packages: write` applies to every job',
    );
  });

  it('flags an OIDC token handed to every GitLab job', async () => {
    const found = await repo.violations('R01', 'gitlab', {
      '.gitlab-ci.yml': [
        [
          'default:\n  interruptible: true\n',
          'default:\n  interruptible: true\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore\n',
        ],
      ],
    });
    expect(found).toEqual([
      expect.objectContaining({
        file: '.gitlab-ci.yml',
        line: 20,
        message: expect.stringContaining('`default: id_tokens`'),
      }),
    ]);
  });

  it('flags Tekton PipelineRuns without a dedicated service account', async () => {
    const found = await repo.violations('R01', 'tekton', {
      '.tekton/checks.yaml': [
        [
          span(
            '  taskRunTemplate:\n',
            '    serviceAccountName: payments-api-checks\n',
          ),
          '',
        ],
      ],
      '.tekton/release.yaml': [
        [
          'serviceAccountName: payments-api-release',
          'serviceAccountName: pipeline',
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line])).toEqual([
      ['.tekton/checks.yaml', 2],
      ['.tekton/release.yaml', 4],
    ]);
    expect(found[0].message).toMatch(
      /^PipelineRun `payments-api-checks` names no service account/,
    );
    expect(found[1].message).toMatch(
      /^PipelineRun `payments-api-release` runs as the shared `pipeline` service account/,
    );
  });

  it('does not apply without CI configuration', async () => {
    const result = await repo.check(undefined, { 'README.md': '# nothing\n' });
    expect(result.rules.find(r => r.id === 'R01')?.status).toBe(
      'not-applicable',
    );
  });
});
