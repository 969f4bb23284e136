import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';
import { runsRemoteScript } from './r08RemoteScripts';

describe('R08 no curl | sh, verified downloads', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R08', base)).toEqual([]);
    },
  );

  it.each([
    'curl -sSL https://get.example.com | sh',
    'curl -fsSL https://example.com/install.sh | sudo -E bash -s -- --yes',
    'wget -O- https://example.com/install.sh | bash',
    'wget -qO - https://example.com/x | python3',
    'bash <(curl -s https://example.com/install.sh)',
    'sh -c "$(curl -fsSL https://example.com/install.sh)"',
    'eval "$(wget -qO- https://example.com/env)"',
    'set -e; curl https://example.com/a.sh | sh',
  ])('recognises %s', line => {
    expect(runsRemoteScript(line)).toBe(true);
  });

  it.each([
    'curl -fsSL https://example.com/tool.tar.gz -o tool.tar.gz',
    'curl -s https://api.example.com/x | jq .name',
    'echo "curl | sh is bad"',
    'gzip -c report.sarif | curl --data-binary @- https://portal/api',
  ])('does not flag %s', line => {
    expect(runsRemoteScript(line)).toBe(false);
  });

  it('flags piped installers in GitHub, GitLab and Tekton scripts and in the Dockerfile', async () => {
    const result = await repo.check('github', {
      '.github/workflows/ci.yml': [
        [
          '      - run: npm ci\n',
          '      - run: |\n          curl -sSL https://get.example.com/tool | sh\n          npm ci\n',
        ],
      ],
      '.gitlab-ci.yml':
        'lint:\n  script:\n    - wget -O- https://example.com/lint.sh | bash\n',
      '.tekton/task.yaml': `apiVersion: tekton.dev/v1\nkind: Task\nmetadata: { name: t }\nspec:\n  steps:\n    - name: s\n      image: x@sha256:${'a'.repeat(
        64,
      )}\n      script: |\n        bash <(curl -s https://example.com/x.sh)\n`,
      Dockerfile: [
        [
          'RUN npm ci --omit=dev --ignore-scripts',
          'RUN curl -fsSL https://deb.example.com/setup | bash - \\\n && npm ci --omit=dev --ignore-scripts',
        ],
      ],
    });
    const found = result.violations.filter(v => v.ruleId === 'R08');
    expect(found.map(v => [v.ci, v.file, v.line])).toEqual([
      ['github', '.github/workflows/ci.yml', 30],
      ['gitlab', '.gitlab-ci.yml', 3],
      ['tekton', '.tekton/task.yaml', 9],
      [undefined, 'Dockerfile', 5],
    ]);
  });

  it('flags a downloaded tool installed without a checksum, and accepts a verified one', async () => {
    const install = (verify: string) => ({
      '.github/workflows/ci.yml': [
        [
          '      - run: npm ci\n',
          `      - run: |
          curl -fsSLo kubectl https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl
${verify}          chmod +x kubectl
      - run: npm ci
`,
        ],
      ] as Array<[string, string]>,
    });
    const unverified = await repo.violations('R08', 'github', install(''));
    expect(unverified.map(v => [v.line, v.message])).toEqual([
      [
        30,
        startsWith(
          'Job `test` downloads a tool and installs it without checking it',
        ),
      ],
    ]);
    const verified = await repo.violations(
      'R08',
      'github',
      install('          echo "7c8e8b3d2f  kubectl" | sha256sum --check -\n'),
    );
    expect(verified).toEqual([]);
  });
});
