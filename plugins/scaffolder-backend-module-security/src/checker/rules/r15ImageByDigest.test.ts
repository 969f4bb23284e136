import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

describe('R15 built once, deployed by digest', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R15', base)).toEqual([]);
    },
  );

  it('flags a deployment that names a tag', async () => {
    const found = await repo.violations('R15', 'github', {
      'deploy/deployment.yaml': [
        [
          /image: ghcr\.io\/example-org\/payments-api@sha256:[0-9a-f]+/,
          'image: ghcr.io/example-org/payments-api:1.4.0',
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      [
        'deploy/deployment.yaml',
        29,
        startsWith(
          'Container `payments-api` of Deployment `payments-api` uses `ghcr.io/example-org/payments-api:1.4.0`',
        ),
      ],
    ]);
  });

  it('accepts a tag that the kustomization rewrites to a digest', async () => {
    const found = await repo.violations('R15', 'github', {
      'deploy/deployment.yaml': [
        [
          /image: ghcr\.io\/example-org\/payments-api@sha256:[0-9a-f]+/,
          'image: payments-api',
        ],
      ],
      'deploy/kustomization.yaml': [
        [
          'resources:',
          `images:\n  - name: payments-api\n    newName: ghcr.io/example-org/payments-api\n    digest: sha256:${'c'.repeat(
            64,
          )}\nresources:`,
        ],
      ],
    });
    expect(found).toEqual([]);
  });

  it('flags a missing deploy/ folder', async () => {
    const found = await repo.violations('R15', 'tekton', {
      'deploy/deployment.yaml': null,
      'deploy/service.yaml': null,
      'deploy/serviceaccount.yaml': null,
      'deploy/networkpolicy.yaml': null,
      'deploy/kustomization.yaml': null,
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      ['deploy/', startsWith('No workload manifests')],
    ]);
  });

  it('flags an image built by two jobs of one pipeline', async () => {
    const found = await repo.violations('R15', 'gitlab', {
      'ci/release.gitlab-ci.yml': [
        [
          '    - trivy image --format sarif',
          '    - buildah build --tag scan-me .\n    - trivy image --format sarif',
        ],
      ],
    });
    expect(found.map(v => [v.ci, v.file, v.message])).toEqual([
      [
        'gitlab',
        'ci/release.gitlab-ci.yml',
        startsWith(
          'Dockerfile is built by 2 jobs (`build`, `image-scan`) in one pipeline',
        ),
      ],
    ]);
  });
});
