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

const PAC = 'Pipelines as Code CI / ${{ parameters.name }}';

/** The inputs of a protecting `publish:github` step, with its status checks as a block list. */
const githubInputs = (contexts: string[], visibility = 'private') =>
  `${PROTECTED.replace(/ {8}requiredStatusCheckContexts: .*\n/, '').replace(
    'repoVisibility: private',
    `repoVisibility: ${visibility}`,
  )}        requiredStatusCheckContexts:
${contexts.map(c => `          - ${c}\n`).join('')}`;

/**
 * A template in the shape of templates/node-service: one publish step per CI choice, each
 * guarded by an `if:` on the `ciSystem` parameter (and, for Tekton, on the host).
 */
const PER_CI_TEMPLATE = ({
  githubIf = "${{ parameters.ciSystem == 'github-actions' }}",
  tektonIf = "${{ parameters.ciSystem == 'tekton' and (parameters.repoUrl | parseRepoUrl).host == 'github.com' }}",
  gitlabIf = "${{ parameters.ciSystem == 'gitlab-ci' or (parameters.ciSystem == 'tekton' and (parameters.repoUrl | parseRepoUrl).host == 'gitlab.com') }}",
  githubContexts = [
    'codeql',
    'dependency-scan',
    'secret-scan',
    'iac-scan',
    'image-scan',
  ],
  tektonContexts = [
    `${PAC}-sast`,
    `${PAC}-dependency-scan`,
    `${PAC}-secret-scan`,
    `${PAC}-iac-scan`,
    `${PAC}-image-scan`,
  ],
  tektonVisibility = 'private',
} = {}) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: secure-service
spec:
  owner: group:default/platform-security
  type: service
  parameters:
    - title: Repository and pipeline
      properties:
        ciSystem:
          type: string
          enum: [github-actions, gitlab-ci, tekton]
          enumNames: [GitHub Actions, GitLab CI, Tekton]
        repoUrl:
          type: string
          ui:field: RepoUrlPicker
  steps:
    - id: publish-github
      if: ${githubIf}
      action: publish:github
      input:
        repoUrl: \${{ parameters.repoUrl }}
${githubInputs(githubContexts)}    - id: publish-github-tekton
      if: ${tektonIf}
      action: publish:github
      input:
        repoUrl: \${{ parameters.repoUrl }}
${githubInputs(tektonContexts, tektonVisibility)}    - id: publish-gitlab
      if: ${gitlabIf}
      action: publish:gitlab
      input:
        repoUrl: \${{ parameters.repoUrl }}
        defaultBranch: main
        settings:
          visibility: private
          only_allow_merge_if_pipeline_succeeds: true
        branches:
          - { name: main, protect: true }
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
  describe('with one publish step per CI system', () => {
    it.each(['github', 'gitlab', 'tekton'] as const)(
      'compares with the %s rendering only the steps that can run for it',
      async base => {
        const result = await repo.check(base, {
          'template.yaml': PER_CI_TEMPLATE(),
        });
        expect(result.violations.filter(v => v.ruleId === 'R21')).toEqual([]);
        expect(result.rules.find(r => r.id === 'R21')?.status).toBe('passed');
      },
    );

    it('reads JavaScript-style operators and bracket access in conditions', async () => {
      const found = await repo.violations('R21', 'github', {
        'template.yaml': PER_CI_TEMPLATE({
          githubIf: "${{ parameters['ciSystem'] === 'github-actions' }}",
          tektonIf:
            "${{ parameters.ciSystem === 'tekton' && (parameters.repoUrl | parseRepoUrl).host === 'github.com' }}",
          gitlabIf: "${{ parameters.ciSystem !== 'github-actions' }}",
        }),
      });
      expect(found).toEqual([]);
    });

    it('still checks the static inputs of a step for another CI system', async () => {
      const found = await repo.violations('R21', 'github', {
        'template.yaml': PER_CI_TEMPLATE({ tektonVisibility: 'public' }),
      });
      expect(found.map(v => [v.line, v.message])).toEqual([
        [44, startsWith('`repoVisibility` is public')],
      ]);
    });

    it('judges the status checks of a step for another CI system by what they name', async () => {
      const found = await repo.violations('R21', 'github', {
        'template.yaml': PER_CI_TEMPLATE({
          tektonContexts: [`${PAC}-sast`, `${PAC}-test`],
        }),
      });
      expect(found.map(v => [v.line, v.message])).toEqual([
        [
          46,
          startsWith(
            '`requiredStatusCheckContexts` does not name the dependency gate, secret scan, IaC scan, image scan jobs',
          ),
        ],
      ]);
    });

    it("compares the step for the rendered CI system with the tree's jobs", async () => {
      const found = await repo.violations('R21', 'github', {
        'template.yaml': PER_CI_TEMPLATE({
          githubContexts: [
            'codeql',
            'dependency-scan',
            'secret-scan',
            'iac-scan',
          ],
        }),
      });
      expect(found.map(v => [v.line, v.message])).toEqual([
        [
          30,
          startsWith(
            '`requiredStatusCheckContexts` does not name the image scan (`image-scan`) job',
          ),
        ],
      ]);
    });

    it("compares a step whose condition does not name a CI system with the tree's jobs", async () => {
      const found = await repo.violations('R21', 'github', {
        'template.yaml': PER_CI_TEMPLATE({
          tektonIf: '${{ parameters.usePipelinesAsCode }}',
        }),
      });
      expect(found.map(v => [v.line, v.message])).toEqual([
        [
          46,
          startsWith(
            '`requiredStatusCheckContexts` does not name the dependency gate (`dependency-scan`), secret scan (`secret-scan`), IaC scan (`iac-scan`), SAST (`codeql`), image scan (`image-scan`) jobs',
          ),
        ],
      ]);
    });
  });
});
