import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

describe('R09 lockfiles enforced', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R09', base)).toEqual([]);
    },
  );

  it('flags a missing package-lock.json', async () => {
    const found = await repo.violations('R09', 'github', {
      'package-lock.json': null,
    });
    expect(found).toEqual([
      expect.objectContaining({
        file: 'package.json',
        message: startsWith('package.json has no committed lockfile'),
      }),
    ]);
  });

  it('flags installs that ignore the lockfile, in CI and in the Dockerfile', async () => {
    const found = await repo.violations('R09', 'gitlab', {
      'ci/checks.gitlab-ci.yml': [['    - npm ci\n', '    - npm install\n']],
      Dockerfile: [
        [
          'RUN npm ci --omit=dev --ignore-scripts',
          'RUN npm install --omit=dev',
        ],
      ],
    });
    expect(found.map(v => [v.file, v.line, v.message])).toEqual([
      [
        'ci/checks.gitlab-ci.yml',
        12,
        startsWith('`npm install` resolves dependencies afresh'),
      ],
      [
        'Dockerfile',
        5,
        startsWith('`npm install --omit=dev` resolves dependencies afresh'),
      ],
      [
        'package.json',
        undefined,
        startsWith(
          'No CI job or Dockerfile installs the npm dependencies in a lock-enforcing way',
        ),
      ],
    ]);
  });

  it('requires hashes for every requirement and pip install --require-hashes', async () => {
    const requirements = `flask==3.0.3 \\
    --hash=sha256:34e815dfaa43340d1d15a5c3a02b8476004037eb4840b34910c6e21679d288f3
requests==2.32.3
`;
    const without = await repo.violations('R09', 'github', {
      'requirements.txt': requirements,
      '.github/workflows/ci.yml': [
        [
          '      - run: npm ci\n',
          '      - run: npm ci\n      - run: pip install -r requirements.txt\n',
        ],
      ],
    });
    expect(without.map(v => [v.file, v.line, v.message])).toEqual([
      [
        '.github/workflows/ci.yml',
        30,
        startsWith(
          '`pip install -r requirements.txt` resolves dependencies afresh',
        ),
      ],
      [
        'requirements.txt',
        undefined,
        startsWith('No CI job or Dockerfile installs the pip dependencies'),
      ],
      [
        'requirements.txt',
        3,
        startsWith('`requests==2.32.3` has no `--hash=`'),
      ],
    ]);
    const hashed = await repo.violations('R09', 'github', {
      'requirements.txt': requirements.replace(
        'requests==2.32.3',
        `requests==2.32.3 --hash=sha256:${'b'.repeat(64)}`,
      ),
      '.github/workflows/ci.yml': [
        [
          '      - run: npm ci\n',
          '      - run: npm ci\n      - run: pip install --require-hashes -r requirements.txt\n',
        ],
      ],
    });
    expect(hashed).toEqual([]);
  });

  it('requires go.sum and go mod verify for Go modules', async () => {
    const found = await repo.violations('R09', 'tekton', {
      'go.mod': 'module example.org/x\n\ngo 1.23\n',
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith('go.mod has no committed lockfile (go.sum)'),
      startsWith(
        'No CI job or Dockerfile installs the go dependencies in a lock-enforcing way; run `go mod verify`',
      ),
    ]);
    const verified = await repo.violations('R09', 'tekton', {
      'go.mod': 'module example.org/x\n\ngo 1.23\n',
      'go.sum': '',
      '.tekton/tasks/npm-test.yaml': [
        ['        npm ci\n', '        go mod verify\n        npm ci\n'],
      ],
    });
    expect(verified).toEqual([]);
  });
});
