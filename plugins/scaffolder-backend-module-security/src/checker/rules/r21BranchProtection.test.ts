import { createMockDirectory } from '@backstage/backend-test-utils';
import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

const TEMPLATE = (
  input: string,
  action = 'publish:github',
) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: secure-service
spec:
  owner: group:default/platform-security
  type: service
  parameters: []
  steps:
    - id: publish
      name: Publish
      action: ${action}
      input:
        repoUrl: \${{ parameters.repoUrl }}
${input}`;

const PROTECTED = `        protectDefaultBranch: true
        requireCodeOwnerReviews: true
        dismissStaleReviews: true
        requiredApprovingReviewCount: 1
        repoVisibility: private
        requiredStatusCheckContexts: [codeql, dependency-scan, secret-scan, iac-scan, image-scan]
`;

describe('R21 branch protection from the template', () => {
  const repo = repoTester();

  it('does not apply to a generated repository and says why', async () => {
    const result = await repo.check('github');
    expect(result.rules.find(r => r.id === 'R21')).toEqual({
      id: 'R21',
      title: expect.any(String),
      status: 'not-applicable',
      note: expect.stringContaining(
        'can only be checked on the software template',
      ),
    });
  });

  it('passes a template that protects the branch and requires the security jobs', async () => {
    const result = await repo.check('github', {
      'template.yaml': TEMPLATE(PROTECTED),
    });
    expect(result.rules.find(r => r.id === 'R21')?.status).toBe('passed');
  });

  it('checks the status check contexts against the security jobs of the rendered workflows', async () => {
    const found = await repo.violations('R21', 'github', {
      'template.yaml': TEMPLATE(
        PROTECTED.replace(
          '[codeql, dependency-scan, secret-scan, iac-scan, image-scan]',
          '[codeql, test]',
        ),
      ),
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      [
        'template.yaml',
        20,
        startsWith(
          '`requiredStatusCheckContexts` does not name the dependency gate (`dependency-scan`), secret scan (`secret-scan`), IaC scan (`iac-scan`), image scan (`image-scan`) jobs',
        ),
      ],
    ]);
  });

  it('flags defaults that leave reviews off, expressions, public repositories and empty checks', async () => {
    const found = await repo.violations('R21', undefined, {
      'template.yaml':
        TEMPLATE(`        protectDefaultBranch: \${{ parameters.protect }}
        repoVisibility: public
        requiredApprovingReviewCount: 0
`),
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        10,
        startsWith(
          '`publish:github` leaves out `dismissStaleReviews` (default false)',
        ),
      ],
      [
        10,
        startsWith(
          '`publish:github` leaves out `requireCodeOwnerReviews` (default false)',
        ),
      ],
      [10, startsWith('`requiredStatusCheckContexts` is empty')],
      [15, startsWith('`protectDefaultBranch` is a template expression')],
      [16, startsWith('`repoVisibility` is public')],
      [
        17,
        startsWith(
          '`requiredApprovingReviewCount` must be a literal of at least 1',
        ),
      ],
    ]);
  });

  it('checks publish:gitlab for protection, pipeline success and visibility, with a note on approvals', async () => {
    const result = await repo.check(undefined, {
      'template.yaml': TEMPLATE(
        '        settings:\n          visibility: public\n',
        'publish:gitlab',
      ),
    });
    expect(
      result.violations.filter(v => v.ruleId === 'R21').map(v => v.message),
    ).toEqual([
      startsWith(
        '`publish:gitlab` does not protect the default branch: add `branches: [{ name: master, protect: true }]`',
      ),
      startsWith('Set `settings.only_allow_merge_if_pipeline_succeeds: true`'),
      startsWith('The project must be created `private` or `internal`'),
    ]);
    expect(result.rules.find(r => r.id === 'R21')?.note).toContain(
      'cannot require approvals',
    );
    const good = await repo.violations('R21', undefined, {
      'template.yaml': TEMPLATE(
        `        defaultBranch: main
        settings:
          visibility: internal
          only_allow_merge_if_pipeline_succeeds: true
        branches:
          - { name: main, protect: true }
`,
        'publish:gitlab',
      ),
    });
    expect(good).toEqual([]);
  });

  it('reads a template outside the checked tree, and refuses one that does not exist', async () => {
    const outside = createMockDirectory({
      content: { 'template.yaml': TEMPLATE(PROTECTED) },
    });
    const result = await repo.check(
      'github',
      {},
      { templateFile: outside.resolve('template.yaml') },
    );
    expect(result.rules.find(r => r.id === 'R21')?.status).toBe('passed');
    await expect(
      repo.check(
        'github',
        {},
        { templateFile: outside.resolve('missing.yaml') },
      ),
    ).rejects.toThrow(/Cannot read the template/);
  });
});
