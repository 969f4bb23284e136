import { repoTester, startsWith, span } from '../__testUtils__/fixtureRepo';

describe('R16 SBOM generated and attested', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R16', base)).toEqual([]);
    },
  );

  it('flags an SBOM that is generated but not attested', async () => {
    const found = await repo.violations('R16', 'github', {
      '.github/workflows/release.yml': [
        [
          '          cosign attest --yes --type cyclonedx --predicate sbom.cdx.json "$IMAGE@$DIGEST"\n',
          '',
        ],
      ],
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        104,
        startsWith(
          'The SBOM is not attached to the image as a signed attestation',
        ),
      ],
    ]);
  });

  it('flags a pipeline that generates no SBOM', async () => {
    const found = await repo.violations('R16', 'gitlab', {
      'ci/release.gitlab-ci.yml': [
        [
          '    - syft scan "registry:$CI_REGISTRY_IMAGE@$IMAGE_DIGEST" --output cyclonedx-json=sbom.cdx.json\n',
          '',
        ],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith('No job generates an SBOM'),
    ]);
  });

  it('accepts actions/attest-sbom with an SBOM from anchore/sbom-action', async () => {
    const found = await repo.violations('R16', 'github', {
      '.github/workflows/release.yml': [
        [
          span(
            '      - name: Generate a CycloneDX SBOM of the image\n',
            '"$IMAGE@$DIGEST"\n\n',
          ),
          `      - uses: anchore/sbom-action@17ae1740179002c89186b61233e0f892c3118b11 # v0.23.0
        with:
          image: \${{ env.IMAGE }}@\${{ env.DIGEST }}
          output-file: sbom.spdx.json
      - uses: actions/attest-sbom@bd218ad0dbcb3e146bd073d1d9c6d78e08aa8a0b # v2.4.0
        with:
          subject-name: \${{ env.IMAGE }}
          subject-digest: \${{ env.DIGEST }}
          sbom-path: sbom.spdx.json
          push-to-registry: true

`,
        ],
      ],
    });
    expect(found).toEqual([]);
  });

  it('flags a Tekton pipeline without an SBOM attestation', async () => {
    const found = await repo.violations('R16', 'tekton', {
      '.tekton/tasks/sbom-attest.yaml': [
        [span('        cosign attest', '"$IMAGE_URL@$IMAGE_DIGEST"\n'), ''],
      ],
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      [
        '.tekton/tasks/sbom-attest.yaml',
        startsWith('The SBOM is not attached'),
      ],
    ]);
  });
});
