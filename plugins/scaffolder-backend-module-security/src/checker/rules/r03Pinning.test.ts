import { repoTester, span, startsWith } from '../__testUtils__/fixtureRepo';

const WORKFLOW = (steps: string, extra = '') => `name: pins
on: push
permissions: read-all
concurrency: pins
jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
${extra}    steps:
${steps}`;

describe('R03 pinned dependencies', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R03', base)).toEqual([]);
    },
  );

  it('accepts full SHAs with a version comment, local actions, digests and the SLSA generator tag', async () => {
    const found = await repo.violations('R03', 'github', {
      '.github/workflows/pins.yml':
        WORKFLOW(`      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: ./.github/actions/local-action
      - uses: docker://alpine@sha256:${'a'.repeat(64)}
      - uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # 0.36.0
`),
      '.github/workflows/slsa.yml': `name: slsa
on: push
permissions: read-all
concurrency: slsa
jobs:
  provenance:
    permissions: { actions: read, id-token: write, packages: write }
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2.1.0
`,
    });
    expect(found).toEqual([]);
  });

  it('rejects tags, branches, short SHAs, missing comments and tagged images', async () => {
    const found = await repo.violations('R03', 'github', {
      '.github/workflows/pins.yml': WORKFLOW(
        `      - uses: actions/checkout@v4
      - uses: actions/setup-node@main
      - uses: actions/cache@5a3ec84
      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02
      - uses: docker://alpine:3.20
      - uses: slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2
`,
        '    container: node:22\n    services:\n      db:\n        image: postgres:16\n',
      ),
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [9, startsWith('Job `build` container `node:22` is not pinned b')],
      [12, startsWith('Service `db` image `postgres:16` is not pinned')],
      [14, startsWith('`actions/checkout@v4` follows the tag or branch')],
      [15, startsWith('`actions/setup-node@main` follows the tag or b')],
      [16, startsWith('`actions/cache@5a3ec84` uses a short SHA, whic')],
      [17, startsWith('`actions/upload-artifact@ea165f8d65b6…` is pinn')],
      [18, startsWith('`docker://alpine:3.20` names a container image')],
      [19, startsWith('`slsa-framework/slsa-github-generator/.github/')],
    ]);
  });

  it('flags GitLab images without digests and unpinned includes', async () => {
    const found = await repo.violations('R03', 'gitlab', {
      '.gitlab-ci.yml': [
        [
          'include:\n  - local: ci/checks.gitlab-ci.yml\n',
          `include:
  - local: ci/checks.gitlab-ci.yml
  - remote: https://example.com/ci/lint.yml
  - project: example-group/ci-templates
    file: /node.yml
    ref: main
  - component: gitlab.com/components/secret-detection/secret-detection@1.2.0
  - template: Jobs/SAST.gitlab-ci.yml
`,
        ],
      ],
      'ci/checks.gitlab-ci.yml': [
        [
          'image: docker.io/semgrep/semgrep@sha256:d4d70e72310a016cd32f3f66a7b09895c94662e3e226934fd5c07dbfe45e74a3',
          'image: docker.io/semgrep/semgrep:latest',
        ],
        // Images named through variables are judged by the value they expand to.
        [
          'test:\n  extends: .checks\n',
          `test:\n  extends: .checks\n  variables:\n    NODE_IMAGE: node@sha256:${'1'.repeat(
            64,
          )}\n`,
        ],
        [
          span(
            'image: registry.access.redhat.com/ubi9/nodejs-22@sha256:',
            '\n  script:\n    - npm ci',
          ),
          'image: $NODE_IMAGE\n  script:\n    - npm ci',
        ],
        [
          span(
            'image: registry.access.redhat.com/ubi9/nodejs-22@sha256:',
            '\n  variables:\n',
          ),
          'image: ${LINT_IMAGE}\n  variables:\n    LINT_IMAGE: node:22\n',
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      ['.gitlab-ci.yml', 5, startsWith('Remote include `https://example.co')],
      ['.gitlab-ci.yml', 6, startsWith('Project include `example-group/ci-t')],
      ['.gitlab-ci.yml', 9, startsWith('Component `gitlab.com/components/s')],
      [
        'ci/checks.gitlab-ci.yml',
        20,
        startsWith('Job `sast` image `docker.io/semgre'),
      ],
      [
        'ci/checks.gitlab-ci.yml',
        52,
        startsWith(
          'Job `pipeline-standard` image `node:22` is not pinned by digest',
        ),
      ],
    ]);
  });

  it('flags Tekton step images, task bundles, git revisions and hub tasks that are not pinned', async () => {
    const found = await repo.violations('R03', 'tekton', {
      '.tekton/tasks/semgrep.yaml': [
        [
          'docker.io/semgrep/semgrep@sha256:d4d70e72310a016cd32f3f66a7b09895c94662e3e226934fd5c07dbfe45e74a3',
          'docker.io/semgrep/semgrep:1.90',
        ],
      ],
      '.tekton/checks.yaml': [
        [
          '    pipelinesascode.tekton.dev/max-keep-runs: "10"\n',
          '    pipelinesascode.tekton.dev/max-keep-runs: "10"\n    pipelinesascode.tekton.dev/task: "[git-clone, .tekton/tasks/extra.yaml, https://raw.githubusercontent.com/org/repo/main/task.yaml]"\n',
        ],
      ],
      '.tekton/pipeline-checks.yaml': [
        [
          '      taskRef:\n        name: npm-test\n',
          `      taskRef:
        resolver: bundles
        params:
          - { name: bundle, value: quay.io/org/tasks:v1 }
          - { name: name, value: npm-test }
`,
        ],
        [
          '      taskRef:\n        name: semgrep\n',
          `      taskRef:
        resolver: git
        params:
          - { name: url, value: https://github.com/org/tasks.git }
          - { name: revision, value: main }
`,
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      [
        '.tekton/checks.yaml',
        11,
        startsWith('`pipelinesascode.tekton.dev/task` fetche'),
      ],
      [
        '.tekton/checks.yaml',
        11,
        startsWith('`pipelinesascode.tekton.dev/task` fetche'),
      ],
      [
        '.tekton/pipeline-checks.yaml',
        29,
        startsWith('Task reference bundle `quay.io/org/tasks:'),
      ],
      [
        '.tekton/pipeline-checks.yaml',
        39,
        startsWith('Task reference is fetched from git at `m'),
      ],
      [
        '.tekton/tasks/semgrep.yaml',
        10,
        startsWith('Step `sast` image `docker.io/semgrep/semg'),
      ],
    ]);
  });
});
