import { repoTester } from '../__testUtils__/fixtureRepo';

const TARGET = (trigger: string, steps: string) => `name: label
on: ${trigger}
permissions: read-all
concurrency: label
jobs:
  label:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    steps:
${steps}`;

describe('R04 dangerous triggers', () => {
  const repo = repoTester();

  it('passes the compliant GitHub repository', async () => {
    expect(await repo.violations('R04', 'github')).toEqual([]);
  });

  it.each(['gitlab', 'tekton'] as const)('does not apply to %s', async base => {
    const result = await repo.check(base);
    expect(result.rules.find(r => r.id === 'R04')?.status).toBe(
      'not-applicable',
    );
  });

  it('accepts pull_request_target that only checks out the base branch', async () => {
    const found = await repo.violations('R04', 'github', {
      '.github/workflows/label.yml': TARGET(
        'pull_request_target',
        `      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
`,
      ),
    });
    expect(found).toEqual([]);
  });

  it('flags checkouts of the pull request head under pull_request_target and workflow_run', async () => {
    const found = await repo.violations('R04', 'github', {
      '.github/workflows/label.yml': TARGET(
        'pull_request_target',
        `      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: |
          echo checking out
          gh pr checkout "$PR_NUMBER"
`,
      ),
      '.github/workflows/after.yml': TARGET(
        '{ workflow_run: { workflows: [ci], types: [completed] } }',
        `      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
`,
      ),
    });
    expect(found.map(v => [v.file, v.line])).toEqual([
      ['.github/workflows/after.yml', 10],
      ['.github/workflows/label.yml', 10],
      ['.github/workflows/label.yml', 15],
    ]);
    expect(found[0].message).toContain(
      '`workflow_run` workflow checks out the pull request',
    );
  });
});
