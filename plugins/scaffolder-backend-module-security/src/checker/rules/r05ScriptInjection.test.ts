import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

const WORKFLOW = (steps: string) => `name: greet
on: [pull_request, issue_comment]
permissions: read-all
concurrency: greet
jobs:
  greet:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    steps:
${steps}`;

describe('R05 untrusted input in scripts', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R05', base)).toEqual([]);
    },
  );

  it('flags event titles, bodies and head refs expanded inside run:, at the line they are on', async () => {
    const found = await repo.violations('R05', 'github', {
      '.github/workflows/greet.yml': WORKFLOW(`      - name: Greet
        run: |
          echo "Thanks for \${{ github.event.pull_request.title }}"
          git checkout "\${{ github.head_ref }}"
          echo "\${{ github.event.comment.body }}"
          echo "\${{ github.sha }} is fine"
          echo '\${{ toJSON(github.event) }}' > event.json
      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1
        with:
          script: console.log("\${{ github.event.issue.body }}")
`),
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        12,
        startsWith(
          '`${{ github.event.pull_request.title }}` is pasted into the `run:` script',
        ),
      ],
      [
        13,
        startsWith('`${{ github.head_ref }}` is pasted into the `run:` script'),
      ],
      [14, startsWith('`${{ github.event.comment.body }}` is pasted')],
      [
        16,
        startsWith(
          '`${{ toJSON(github.event) }}` is pasted into the `run:` script',
        ),
      ],
      [
        19,
        startsWith(
          '`${{ github.event.issue.body }}` is pasted into the `github-script` code',
        ),
      ],
    ]);
  });

  it('allows the same expressions in env: and with: inputs', async () => {
    const found = await repo.violations('R05', 'github', {
      '.github/workflows/greet.yml': WORKFLOW(`      - name: Greet
        env:
          TITLE: \${{ github.event.pull_request.title }}
          HEAD_REF: \${{ github.head_ref }}
        run: echo "Thanks for $TITLE on $HEAD_REF"
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: \${{ github.head_ref }}
          persist-credentials: false
`),
    });
    expect(found).toEqual([]);
  });

  it('flags GitLab merge request and commit text used unquoted or re-evaluated', async () => {
    const found = await repo.violations('R05', 'gitlab', {
      'ci/checks.gitlab-ci.yml': [
        [
          '    - npm ci\n',
          `    - echo "Testing $CI_MERGE_REQUEST_TITLE"
    - echo $CI_COMMIT_MESSAGE
    - eval "deploy $CI_COMMIT_BRANCH"
    - echo '$CI_COMMIT_TITLE stays literal'
    - npm ci
`,
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      [
        'ci/checks.gitlab-ci.yml',
        13,
        startsWith('`$CI_COMMIT_MESSAGE` is used unquoted'),
      ],
      [
        'ci/checks.gitlab-ci.yml',
        14,
        startsWith(
          '`$CI_COMMIT_BRANCH` is evaluated again as shell code by `eval`',
        ),
      ],
    ]);
  });

  it('flags sender-controlled Pipelines-as-Code placeholders and $(params.…) in Tekton scripts', async () => {
    const found = await repo.violations('R05', 'tekton', {
      '.tekton/tasks/npm-test.yaml': [
        [
          '        npm ci\n',
          '        echo "building {{ source_branch }}"\n        npm ci --prefix "$(params.dir)"\n',
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      [
        '.tekton/tasks/npm-test.yaml',
        15,
        startsWith('`{{ source_branch }}` is filled in by Pipelines-as-Code'),
      ],
      [
        '.tekton/tasks/npm-test.yaml',
        16,
        startsWith('`$(params.dir)` is substituted into the script text'),
      ],
    ]);
  });
});
