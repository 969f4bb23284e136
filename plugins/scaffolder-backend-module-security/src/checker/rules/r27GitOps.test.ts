import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

describe('R27 GitOps with Argo CD', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R27', base)).toEqual([]);
    },
  );

  it('flags a moving target revision and a sync without prune and self-heal', async () => {
    const found = await repo.violations('R27', 'github', {
      'gitops/application.yaml': [
        ['    targetRevision: v1.4.0\n', '    targetRevision: HEAD\n'],
        ['      prune: true\n      selfHeal: true\n', '      prune: true\n'],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      [
        'gitops/application.yaml',
        15,
        startsWith(
          'Argo CD Application `payments-api` tracks `targetRevision: HEAD`',
        ),
      ],
      [
        'gitops/application.yaml',
        21,
        startsWith(
          'Argo CD Application `payments-api` does not set `syncPolicy.automated.selfHeal: true`',
        ),
      ],
    ]);
  });

  it('flags an Application that does not track deploy/, and accepts a separate deployment repository', async () => {
    const elsewhere = await repo.violations('R27', 'gitlab', {
      'gitops/application.yaml': [
        ['    path: deploy\n', '    path: manifests\n'],
      ],
    });
    expect(elsewhere.map(v => v.message)).toEqual([
      startsWith('No Argo CD Application points at the deploy/ folder'),
    ]);
    const separate = await repo.violations('R27', 'gitlab', {
      'gitops/application.yaml': [
        ['    path: deploy\n', '    path: payments-api/overlays/prod\n'],
        [
          'https://gitlab.com/example-group/payments-api.git',
          'https://gitlab.com/example-group/deployments.git',
        ],
      ],
    });
    expect(separate).toEqual([]);
  });

  it('flags a repository without an Argo CD Application', async () => {
    const found = await repo.violations('R27', 'tekton', {
      'gitops/application.yaml': null,
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      [
        'deploy/',
        startsWith('No Argo CD Application tracks the deploy manifests'),
      ],
    ]);
  });
});
