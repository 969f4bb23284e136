import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';
import { ownersOf, parseCodeowners } from '../model/codeowners';

describe('R22 SECURITY.md, LICENSE and CODEOWNERS', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R22', base)).toEqual([]);
    },
  );

  it('flags missing files', async () => {
    const found = await repo.violations('R22', 'github', {
      'SECURITY.md': null,
      LICENSE: null,
      '.github/CODEOWNERS': null,
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      ['CODEOWNERS', startsWith('No CODEOWNERS file')],
      ['LICENSE', startsWith('No LICENSE file')],
      ['SECURITY.md', startsWith('No SECURITY.md')],
    ]);
  });

  it('flags CODEOWNERS that leaves the workflows or deploy/ without an owner', async () => {
    const github = await repo.violations('R22', 'github', {
      '.github/CODEOWNERS':
        '/src/ @example-org/payments-team\n/.github/workflows/ci.yml @example-org/platform-security\n/deploy/\n',
    });
    expect(github.map(v => v.message)).toEqual([
      startsWith(
        'CODEOWNERS gives no owner to .github/workflows/codeql.yml and 1 more (.github/workflows/**)',
      ),
      startsWith(
        'CODEOWNERS gives no owner to deploy/deployment.yaml and 4 more (deploy/**)',
      ),
    ]);
    const gitlab = await repo.violations('R22', 'gitlab', {
      '.gitlab/CODEOWNERS': '[Code] @example-group/payments-team\n/src/\n',
    });
    expect(gitlab.map(v => v.message)).toEqual([
      startsWith(
        'CODEOWNERS gives no owner to .gitlab-ci.yml and 2 more (.gitlab-ci.yml and its local includes)',
      ),
      startsWith('CODEOWNERS gives no owner to deploy/deployment.yaml'),
    ]);
    const tekton = await repo.violations('R22', 'tekton', {
      CODEOWNERS: '*.js @example-org/payments-team\n',
    });
    expect(tekton.map(v => v.message)).toEqual([
      startsWith('CODEOWNERS gives no owner to .tekton/checks.yaml'),
      startsWith('CODEOWNERS gives no owner to deploy/deployment.yaml'),
    ]);
  });

  it('reads CODEOWNERS patterns as GitHub and GitLab do', () => {
    const entries = parseCodeowners(`# comment
*                 @org/all
/build/ @org/build
docs/*  docs@example.org
**/secrets        @org/security
/vendor/
[Deploy] @org/ops
/deploy/
`);
    expect(ownersOf(entries, 'README.md')).toEqual(['@org/all']);
    expect(ownersOf(entries, 'build/a/b.sh')).toEqual(['@org/build']);
    expect(ownersOf(entries, 'docs/x.md')).toEqual(['docs@example.org']);
    expect(ownersOf(entries, 'docs/deep/x.md')).toEqual(['@org/all']);
    expect(ownersOf(entries, 'a/b/secrets/key')).toEqual(['@org/security']);
    expect(ownersOf(entries, 'vendor/lib.js')).toEqual([]);
    expect(ownersOf(entries, 'deploy/app.yaml')).toEqual(['@org/ops']);
  });
});
