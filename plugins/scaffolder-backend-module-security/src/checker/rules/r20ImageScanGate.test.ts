import { repoTester, startsWith, span } from '../__testUtils__/fixtureRepo';

describe('R20 image scan gate with reported results', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R20', base)).toEqual([]);
    },
  );

  it('flags uploads that a failing gate would skip, and accepts them with !cancelled()', async () => {
    const gate = `      - name: Fail on HIGH or CRITICAL vulnerabilities
        uses: aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0
        with:
          image-ref: \${{ env.IMAGE }}@\${{ env.DIGEST }}
          severity: HIGH,CRITICAL
          exit-code: '1'
`;
    const moved = (condition: string) => ({
      '.github/workflows/release.yml': [
        [gate, ''],
        [
          '      - name: Upload to code scanning\n',
          `${gate}      - name: Upload to code scanning\n${condition}`,
        ],
        [
          '      - name: Upload to the security portal\n',
          `      - name: Upload to the security portal\n${condition}`,
        ],
      ] as Array<[string, string]>,
    });
    const skipped = await repo.violations('R20', 'github', moved(''));
    expect(skipped.map(v => [v.line, v.message])).toEqual([
      [
        75,
        startsWith(
          'The upload to code scanning (`github/codeql-action/upload-sarif`) runs after the gate and is skipped exactly when the gate fails',
        ),
      ],
      [
        85,
        startsWith(
          'The upload to the portal (`POST /api/security/v1/reports`) runs after the gate',
        ),
      ],
    ]);
    expect(
      await repo.violations(
        'R20',
        'github',
        moved('        if: ${{ !cancelled() }}\n'),
      ),
    ).toEqual([]);
  });

  it('flags a scan without threshold, SARIF or portal upload', async () => {
    const found = await repo.violations('R20', 'gitlab', {
      'ci/release.gitlab-ci.yml': [
        [
          '    - trivy image --format sarif --output image.sarif "$CI_REGISTRY_IMAGE@$IMAGE_DIGEST"\n    - !reference [.upload-to-portal, script]\n',
          '',
        ],
        [
          'trivy image --severity HIGH,CRITICAL --exit-code 1',
          'trivy image --exit-code 1',
        ],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        'Image scan results of `image-scan` are not uploaded to the portal',
      ),
      startsWith(
        'trivy image in `image-scan` fails on any finding but sets no severity threshold',
      ),
      startsWith('trivy image in `image-scan` writes no SARIF'),
    ]);
  });

  it('flags a portal upload placed after the gate in a Tekton task, and accepts a finally task', async () => {
    const text = `    - name: gate
      image: x@sha256:${'d'.repeat(64)}
      script: |
        trivy image --severity "$SEVERITY" --exit-code 1 "$IMAGE_URL@$IMAGE_DIGEST"
    - name: upload
      image: x@sha256:${'d'.repeat(64)}
      script: |
        gzip -c /tekton/home/image.sarif | curl --fail-with-body -X POST "$PORTAL_URL/api/security/v1/reports?entityRef=component:default/payments-api" --data-binary @-
`;
    const found = await repo.violations('R20', 'tekton', {
      '.tekton/tasks/image-scan.yaml': [[span('    - name: upload\n'), text]],
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      [
        '.tekton/tasks/image-scan.yaml',
        startsWith(
          'The upload to the portal (`POST /api/security/v1/reports`) runs after the gate',
        ),
      ],
    ]);
  });

  it('flags a pipeline without an image scan gate', async () => {
    const found = await repo.violations('R20', 'github', {
      '.github/workflows/release.yml': [
        ["          severity: HIGH,CRITICAL\n          exit-code: '1'\n", ''],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith('No image scan gate'),
    ]);
  });
});
