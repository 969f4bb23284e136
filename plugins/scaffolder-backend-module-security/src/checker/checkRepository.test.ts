import { STANDARD_VERSION } from '../standard';
import { repoTester } from './__testUtils__/fixtureRepo';
import { checkRepository } from './checkRepository';
import { fixturePath } from './__testUtils__/fixtureRepo';

describe('checkRepository', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'finds no violation in the compliant %s sample repository',
    async base => {
      const result = await checkRepository(fixturePath(base));
      expect(result.violations).toEqual([]);
      expect(result.ciSystems).toEqual([base]);
      expect(result.warnings).toEqual([]);
      expect(result.standardVersion).toBe(STANDARD_VERSION);
      expect(result.recordedStandardVersion).toBe('1');
      expect(result.rules).toHaveLength(28);
      expect(result.rules.find(r => r.id === 'R21')).toEqual(
        expect.objectContaining({
          status: 'not-applicable',
          note: expect.stringContaining('template'),
        }),
      );
      expect(result.rules.filter(r => r.status === 'failed')).toEqual([]);
    },
  );

  it('warns about an older recorded standard version without a violation', async () => {
    const result = await repo.check('github', {
      'catalog-info.yaml': [
        ['pipeline-standard: "1"', 'pipeline-standard: "0"'],
      ],
    });
    expect(result.violations).toEqual([]);
    expect(result.recordedStandardVersion).toBe('0');
    expect(result.warnings).toEqual([
      expect.stringContaining('version 0, older than the current 1'),
    ]);
  });

  it('warns about an unknown recorded standard version', async () => {
    const result = await repo.check('github', {
      'catalog-info.yaml': [
        ['pipeline-standard: "1"', 'pipeline-standard: "7-beta"'],
      ],
    });
    expect(result.violations).toEqual([]);
    expect(result.warnings).toEqual([
      expect.stringContaining('"7-beta", which this checker does not know'),
    ]);
  });

  it('limits the check to the CI systems asked for', async () => {
    const result = await repo.check(
      'github',
      {
        '.gitlab-ci.yml':
          'test:\n  script: [curl https://example.com/install.sh | sh]\n',
      },
      { ci: ['github'] },
    );
    expect(result.ciSystems).toEqual(['github']);
    expect(result.violations).toEqual([]);
    const both = await repo.check('github', {
      '.gitlab-ci.yml':
        'test:\n  script: [curl https://example.com/install.sh | sh]\n',
    });
    expect(both.ciSystems).toEqual(['github', 'gitlab']);
    expect(
      both.violations.some(v => v.ruleId === 'R08' && v.ci === 'gitlab'),
    ).toBe(true);
  });

  it('leaves software templates kept inside the tree out, with a warning', async () => {
    const result = await repo.check('github', {
      'templates/service/template.yaml':
        'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: { name: service }\nspec: { steps: [] }\n',
      'templates/service/skeleton/catalog-info.yaml':
        'metadata:\n  name: ${{ values.name }}\n',
      'templates/service/skeleton/Dockerfile': 'FROM ${{ values.base }}\n',
    });
    expect(result.violations).toEqual([]);
    expect(result.warnings).toEqual([
      'templates/service/: a software template; its skeleton is not checked (render it and check the result)',
    ]);
  });

  it('refuses an unrendered template skeleton', async () => {
    await expect(
      repo.check('github', {
        'catalog-info.yaml': [
          ['name: payments-api', 'name: ${{ values.name }}'],
        ],
      }),
    ).rejects.toThrow(
      /catalog-info.yaml contains unrendered template expressions/,
    );
  });

  it('refuses a path that is not a directory', async () => {
    await expect(
      checkRepository(`${fixturePath('github')}/package.json`),
    ).rejects.toThrow(/is not a directory/);
  });

  it('reports YAML it cannot parse as a warning', async () => {
    const result = await repo.check('github', {
      '.github/workflows/broken.yml': 'on: [push\njobs: {',
    });
    expect(result.warnings).toEqual([
      expect.stringMatching(/^\.github\/workflows\/broken\.yml:\d+: /),
    ]);
  });

  it('never follows symbolic links out of the tree', async () => {
    repo.dir.setContent({
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: x }\nspec: {}\n',
      outside: ({ symlink }) => symlink('/etc'),
    });
    const result = await checkRepository(repo.dir.path);
    expect(result.violations.some(v => v.file.startsWith('outside'))).toBe(
      false,
    );
  });
});
