import { repoTester, startsWith, span } from '../__testUtils__/fixtureRepo';

describe('R13 IaC scanning with SARIF upload', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R13', base)).toEqual([]);
    },
  );

  it('flags a scan that covers only the Dockerfile', async () => {
    const found = await repo.violations('R13', 'github', {
      '.github/workflows/ci.yml': [
        [
          '          scan-type: config\n          scan-ref: .\n',
          '          scan-type: config\n          scan-ref: Dockerfile\n',
        ],
      ],
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [76, startsWith('No IaC scan covers deploy/')],
    ]);
  });

  it('flags a GitHub scan without SARIF and one whose SARIF is not uploaded', async () => {
    const noSarif = await repo.violations('R13', 'github', {
      '.github/workflows/ci.yml': [
        ['          format: sarif\n          output: iac.sarif\n', ''],
      ],
    });
    expect(noSarif.map(v => v.message)).toEqual([
      startsWith('trivy config in `iac-scan` does not write SARIF'),
    ]);
    const notUploaded = await repo.violations('R13', 'github', {
      '.github/workflows/ci.yml': [
        [
          span(
            '      - name: Upload to code scanning\n        if: ${{ !cancelled() }}\n',
            '          category: iac\n',
          ),
          '',
        ],
      ],
    });
    expect(notUploaded.map(v => v.message)).toEqual([
      startsWith(
        'trivy config writes SARIF in `iac-scan`, but the job does not upload it to code scanning',
      ),
    ]);
  });

  it('accepts checkov and hadolint together, and flags GitLab results not sent to the portal', async () => {
    const found = await repo.violations('R13', 'gitlab', {
      'ci/checks.gitlab-ci.yml': [
        [
          '    - trivy config --format sarif --output iac.sarif .\n    - !reference [.upload-to-portal, script]\n',
          '    - checkov -d deploy -o sarif\n    - hadolint Dockerfile -f sarif > hadolint.sarif\n',
        ],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        'checkov writes SARIF in `iac-scan`, but the job does not upload it to the portal',
      ),
      startsWith(
        'hadolint writes SARIF in `iac-scan`, but the job does not upload it to the portal',
      ),
    ]);
  });

  it('flags a Tekton pipeline without an IaC scan', async () => {
    const found = await repo.violations('R13', 'tekton', {
      '.tekton/tasks/iac-scan.yaml': [
        ['trivy config --format sarif --output iac.sarif .', 'echo skipped'],
      ],
    });
    expect(found.map(v => [v.ci, v.message])).toEqual([
      ['tekton', startsWith('No IaC scan covers the Dockerfile and deploy/')],
    ]);
  });
});
