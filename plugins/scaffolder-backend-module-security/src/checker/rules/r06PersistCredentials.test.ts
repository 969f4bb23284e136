import { repoTester } from '../__testUtils__/fixtureRepo';

describe('R06 checkout without persisted credentials', () => {
  const repo = repoTester();

  it('passes the compliant GitHub repository', async () => {
    expect(await repo.violations('R06', 'github')).toEqual([]);
  });

  it.each(['gitlab', 'tekton'] as const)('does not apply to %s', async base => {
    const result = await repo.check(base);
    expect(result.rules.find(r => r.id === 'R06')?.status).toBe(
      'not-applicable',
    );
  });

  it('flags checkouts that keep the token, with or without a with: block', async () => {
    const found = await repo.violations('R06', 'github', {
      '.github/workflows/ci.yml': [
        [
          '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n        with:\n          persist-credentials: false\n      - uses: actions/setup-node',
          '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: actions/setup-node',
        ],
        [
          'persist-credentials: false\n      - name: Fail on HIGH',
          "persist-credentials: 'true'\n      - name: Fail on HIGH",
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line])).toEqual([
      ['.github/workflows/ci.yml', 23],
      ['.github/workflows/ci.yml', 35],
    ]);
    expect(found[0].message).toContain(
      '`actions/checkout` in job `test` keeps the token',
    );
  });
});
