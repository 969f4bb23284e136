import { repoTester, startsWith, span } from '../__testUtils__/fixtureRepo';

describe('R18 SLSA provenance', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R18', base)).toEqual([]);
    },
  );

  it('flags attest-build-provenance without push-to-registry and the SLSA generator by SHA is not provenance', async () => {
    const found = await repo.violations('R18', 'github', {
      '.github/workflows/release.yml': [
        ['          push-to-registry: true\n', ''],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        'No SLSA provenance: call `slsa-framework/slsa-github-generator',
      ),
    ]);
  });

  it('accepts the SLSA container generator and flags missing token scopes for attestations', async () => {
    const generator = await repo.violations('R18', 'github', {
      '.github/workflows/release.yml': [
        [
          span('  provenance:\n', 'push-to-registry: true\n'),
          `  provenance:
    needs: build
    permissions: { actions: read, id-token: write, packages: write }
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2.1.0
    with:
      image: ghcr.io/example-org/payments-api
      digest: \${{ needs.build.outputs.digest }}
`,
        ],
      ],
    });
    expect(generator).toEqual([]);
    const missingScope = await repo.violations('R18', 'github', {
      '.github/workflows/release.yml': [
        [
          '      id-token: write\n      attestations: write\n',
          '      id-token: write\n',
        ],
      ],
    });
    expect(missingScope.map(v => v.message)).toEqual([
      startsWith(
        'actions/attest-build-provenance in `provenance` needs `attestations: write` on its job',
      ),
    ]);
  });

  it('flags GitLab provenance attested without a Sigstore token, and a pipeline without provenance', async () => {
    const noToken = await repo.violations('R18', 'gitlab', {
      'ci/release.gitlab-ci.yml': [
        [
          'provenance:\n  extends: [.tools, .release, .keyless]\n',
          'provenance:\n  extends: [.tools, .release]\n',
        ],
      ],
    });
    expect(noToken.map(v => v.message)).toEqual([
      startsWith(
        'cosign attest (provenance) in `provenance` runs without `id_tokens`',
      ),
    ]);
    const none = await repo.violations('R18', 'gitlab', {
      'ci/release.gitlab-ci.yml': [
        [
          '--type slsaprovenance1 --predicate provenance.json',
          '--type custom --predicate provenance.json',
        ],
      ],
    });
    expect(none.map(v => v.message)).toEqual([
      startsWith('No SLSA provenance: attest the image'),
    ]);
  });

  it('needs Chains provenance evidence for Tekton', async () => {
    const found = await repo.violations('R18', 'tekton', {
      '.tekton/tasks/verify-image.yaml': [
        [
          'verify-attestation --type slsaprovenance1',
          'verify-attestation --type custom',
        ],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith('Nothing shows that Tekton Chains records provenance'),
    ]);
    const withConfig = await repo.violations('R18', 'tekton', {
      '.tekton/tasks/verify-image.yaml': [
        [
          'verify-attestation --type slsaprovenance1',
          'verify-attestation --type custom',
        ],
      ],
      'platform/tektonconfig.yaml':
        'apiVersion: operator.tekton.dev/v1alpha1\nkind: TektonConfig\nmetadata: { name: config }\nspec:\n  chain:\n    artifacts.pipelinerun.format: slsa/v1\n    artifacts.pipelinerun.storage: oci\n',
    });
    expect(withConfig).toEqual([]);
  });
});
