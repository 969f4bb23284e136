import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

describe('R14 dependency update tool', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R14', base)).toEqual([]);
    },
  );

  it('flags a repository without any update tool', async () => {
    const found = await repo.violations('R14', 'github', {
      '.github/dependabot.yml': null,
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        'No dependency update tool is configured. Add `.github/dependabot.yml` or `renovate.json` covering npm, GitHub Actions, Docker base images',
      ),
    ]);
  });

  it('flags Dependabot without the github-actions and docker ecosystems', async () => {
    const found = await repo.violations('R14', 'github', {
      '.github/dependabot.yml':
        'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: { interval: weekly }\n',
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [3, startsWith('Dependabot has no `package-ecosystem: docker` entry')],
      [
        3,
        startsWith(
          'Dependabot has no `package-ecosystem: github-actions` entry',
        ),
      ],
    ]);
  });

  it('flags Renovate limited to managers that leave out the CI system', async () => {
    const found = await repo.violations('R14', 'gitlab', {
      'renovate.json': '{ "enabledManagers": ["npm", "dockerfile"] }',
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        "Renovate's `enabledManagers` leaves out GitLab CI images and includes",
      ),
    ]);
  });

  it('flags Renovate without file patterns for Tekton, and Dependabot for Tekton', async () => {
    const renovate = await repo.violations('R14', 'tekton', {
      'renovate.json': '{ "extends": ["config:recommended"] }',
    });
    expect(renovate.map(v => v.message)).toEqual([
      startsWith("Renovate's `tekton` manager has no default file pattern"),
    ]);
    const dependabot = await repo.violations('R14', 'tekton', {
      'renovate.json': null,
      '.github/dependabot.yml':
        'version: 2\nupdates:\n  - { package-ecosystem: npm, directory: /, schedule: { interval: weekly } }\n  - { package-ecosystem: docker, directory: /, schedule: { interval: weekly } }\n',
    });
    expect(dependabot.map(v => v.message)).toEqual([
      startsWith('Dependabot cannot update Tekton task bundles and images'),
    ]);
  });
});
