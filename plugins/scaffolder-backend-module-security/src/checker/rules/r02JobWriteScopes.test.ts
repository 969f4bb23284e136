import { repoTester } from '../__testUtils__/fixtureRepo';

describe('R02 write scopes only where needed', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R02', base)).toEqual([]);
    },
  );

  it('does not apply to Tekton, whose least privilege is the service account (R01)', async () => {
    const result = await repo.check('tekton');
    expect(result.rules.find(r => r.id === 'R02')).toEqual(
      expect.objectContaining({
        status: 'not-applicable',
        note: expect.stringContaining('service account'),
      }),
    );
  });

  it('flags write scopes on jobs whose steps do not need them', async () => {
    const found = await repo.violations('R02', 'github', {
      '.github/workflows/ci.yml': [
        [
          '  test:\n    name: test\n    runs-on: ubuntu-24.04\n',
          '  test:\n    name: test\n    runs-on: ubuntu-24.04\n    permissions:\n      contents: read\n      id-token: write\n      packages: write\n',
        ],
      ],
      '.github/workflows/release.yml': [
        [
          '    permissions:\n      contents: read\n      packages: read\n      security-events: write\n',
          '    permissions: write-all\n',
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message.slice(0, 40)])).toEqual([
      [
        '.github/workflows/ci.yml',
        23,
        'Job `test` has `id-token: write` but non',
      ],
      [
        '.github/workflows/ci.yml',
        24,
        'Job `test` has `packages: write` but non',
      ],
      [
        '.github/workflows/release.yml',
        51,
        'Job `image-scan` asks for `write-all`. L',
      ],
    ]);
  });

  it('accepts the scopes a called workflow declares and those the SLSA generator needs', async () => {
    const found = await repo.violations('R02', 'github', {
      '.github/workflows/caller.yml': `name: caller
on: push
permissions: { contents: read }
concurrency: caller
jobs:
  release:
    permissions: { contents: read, packages: write, id-token: write }
    uses: ./.github/workflows/release.yml
  provenance:
    permissions: { actions: read, id-token: write, packages: write, issues: write }
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2.1.0
`,
    });
    expect(found.map(v => [v.line, v.message.slice(0, 36)])).toEqual([
      [10, 'Job `provenance` has `issues: write`'],
    ]);
  });

  it('reads git global options before the subcommand when deciding a job pushes', async () => {
    const workflow = (...runs: string[]) => `name: tag
on: push
permissions: { contents: read }
concurrency: tag
jobs:
${runs
  .map(
    (run, i) => `  job${i}:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    permissions: { contents: write }
    steps:
      - run: |
          ${run}
`,
  )
  .join('')}`;
    const found = await repo.violations('R02', 'github', {
      '.github/workflows/tag.yml': workflow(
        'git -c user.name=bot -c "http.extraheader=AUTHORIZATION: basic $TOKEN" push origin "refs/tags/$VERSION"',
        'git -C deploy push origin HEAD:main',
        'git --git-dir .git --work-tree=. --no-pager push --tags',
        'git -C push log --oneline',
        'git -c push.default=current status',
      ),
    });
    expect(found.map(v => [v.line, v.message.slice(0, 36)])).toEqual([
      [30, 'Job `job3` has `contents: write` but'],
      [37, 'Job `job4` has `contents: write` but'],
    ]);
  });

  it('flags an OIDC token on a GitLab job that neither signs nor attests', async () => {
    const found = await repo.violations('R02', 'gitlab', {
      'ci/checks.gitlab-ci.yml': [
        [
          'dependency-scan:\n  extends: [.tools, .checks]\n',
          'dependency-scan:\n  extends: [.tools, .checks]\n  id_tokens:\n    SIGSTORE_ID_TOKEN:\n      aud: sigstore\n',
        ],
      ],
    });
    expect(found).toEqual([
      expect.objectContaining({
        file: 'ci/checks.gitlab-ci.yml',
        line: 27,
        ci: 'gitlab',
        message: expect.stringContaining(
          '`dependency-scan` gets an OIDC token',
        ),
      }),
    ]);
  });
});
