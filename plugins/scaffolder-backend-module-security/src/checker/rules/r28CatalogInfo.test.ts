import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

describe('R28 catalog-info.yaml', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R28', base)).toEqual([]);
    },
  );

  it('flags a missing catalog-info.yaml', async () => {
    const found = await repo.violations('R28', 'github', {
      'catalog-info.yaml': null,
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      ['catalog-info.yaml', startsWith('No catalog-info.yaml')],
    ]);
  });

  it("flags missing fields and annotations, including the CI system's own", async () => {
    const found = await repo.violations('R28', 'gitlab', {
      'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    github.com/project-slug: example-org/payments-api
spec:
  type: service
  lifecycle: production
  owner: group:default/payments-team
`,
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        6,
        startsWith(
          'The component lacks `gitlab.com/project-slug: <group>/<project>`',
        ),
      ],
      [
        6,
        startsWith('The component lacks the `argocd/app-selector` annotation'),
      ],
      [
        6,
        startsWith(
          'The component lacks the `backstage.io/kubernetes-id` annotation',
        ),
      ],
      [
        6,
        startsWith(
          'The component lacks the `backstage.io/techdocs-ref` annotation',
        ),
      ],
      [
        6,
        startsWith(
          'The component lacks the `security.devsecops.io/artifacts` annotation',
        ),
      ],
      [
        6,
        startsWith(
          'The component lacks the `security.devsecops.io/pipeline-standard` annotation',
        ),
      ],
      [8, startsWith('The component has no `spec.system`')],
    ]);
  });

  it('flags an entity that does not validate and an invalid name', async () => {
    const found = await repo.violations('R28', 'github', {
      'catalog-info.yaml': [
        ['  name: payments-api\n', '  name: payments api!\n'],
        ['pipeline-standard: "1"', 'pipeline-standard: 1'],
      ],
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        1,
        startsWith(
          'catalog-info.yaml does not validate: /metadata/annotations/security.devsecops.io~1pipeline-standard must be string',
        ),
      ],
      [4, startsWith('`payments api!` is not a valid entity name')],
    ]);
  });

  it('checks that the Kubernetes id and the Argo CD selector find the deployment and the Application', async () => {
    const found = await repo.violations('R28', 'tekton', {
      'catalog-info.yaml': [
        [
          'backstage.io/kubernetes-id: payments-api',
          'backstage.io/kubernetes-id: payments',
        ],
        [
          'argocd/app-selector: app.kubernetes.io/name=payments-api',
          'argocd/app-selector: team=payments',
        ],
      ],
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        11,
        startsWith(
          'No workload under deploy/ labels its pods `backstage.io/kubernetes-id: payments`',
        ),
      ],
      [
        12,
        startsWith(
          "`argocd/app-selector: team=payments` matches none of the repository's Argo CD Applications",
        ),
      ],
    ]);
  });
});
