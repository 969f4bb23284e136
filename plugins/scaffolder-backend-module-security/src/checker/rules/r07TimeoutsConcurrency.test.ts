import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

describe('R07 timeouts and concurrency', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R07', base)).toEqual([]);
    },
  );

  it('flags GitHub jobs without timeout-minutes and workflows without concurrency', async () => {
    const found = await repo.violations('R07', 'github', {
      '.github/workflows/codeql.yml': [
        [
          'concurrency:\n  group: codeql-${{ github.ref }}\n  cancel-in-progress: true\n\n',
          '',
        ],
        ['    timeout-minutes: 20\n', ''],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      [
        '.github/workflows/codeql.yml',
        4,
        startsWith('The workflow has no `concurrency:`'),
      ],
      [
        '.github/workflows/codeql.yml',
        15,
        startsWith('Job `analyze` has no `timeout-minutes`'),
      ],
    ]);
  });

  it('does not ask a job that calls a reusable workflow for a timeout', async () => {
    const found = await repo.violations('R07', 'github', {
      '.github/workflows/call.yml':
        'on: push\npermissions: read-all\nconcurrency: call\njobs:\n  call:\n    uses: ./.github/workflows/codeql.yml\n',
    });
    expect(found).toEqual([]);
  });

  it('flags GitLab jobs without timeout or interruptible, and deploy jobs without a resource group', async () => {
    const found = await repo.violations('R07', undefined, {
      '.gitlab-ci.yml': `default:
  timeout: 10 minutes
test:
  interruptible: true
  script: [npm test]
lint:
  timeout: 5 minutes
  script: [npm run lint]
deploy:
  interruptible: false
  environment: production
  script: [./deploy.sh]
`,
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [6, startsWith('Job `lint` is not `interruptible`')],
      [9, startsWith('Deploy job `deploy` has no `resource_group`')],
    ]);
    const noTimeout = await repo.violations('R07', undefined, {
      '.gitlab-ci.yml':
        'default:\n  interruptible: true\ntest:\n  script: [npm test]\n',
    });
    expect(noTimeout.map(v => [v.line, v.message])).toEqual([
      [3, startsWith('Job `test` has no `timeout`')],
    ]);
  });

  it('flags Tekton PipelineRuns without a timeout or cancel-in-progress', async () => {
    const found = await repo.violations('R07', 'tekton', {
      '.tekton/checks.yaml': [
        [
          '  timeouts:\n    pipeline: 30m\n',
          '  timeouts:\n    pipeline: "0"\n',
        ],
        ['    pipelinesascode.tekton.dev/cancel-in-progress: "true"\n', ''],
      ],
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      [
        '.tekton/checks.yaml',
        startsWith(
          'PipelineRun `payments-api-checks` lets every push start another run',
        ),
      ],
      [
        '.tekton/checks.yaml',
        startsWith(
          'PipelineRun `payments-api-checks` sets no `spec.timeouts.pipeline`',
        ),
      ],
    ]);
  });
});
