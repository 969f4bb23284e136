import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

/** A PEM header, built so that this file does not hold one itself. */
const pem = (label: string) => ['-----BEGIN', `${label}-----`].join(' ');

describe('R17 keyless signing', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R17', base)).toEqual([]);
    },
  );

  it('flags signing with a key, without --yes, by tag and without an OIDC token', async () => {
    const found = await repo.violations('R17', 'github', {
      '.github/workflows/release.yml': [
        [
          '          cosign sign --yes "$IMAGE@$DIGEST"\n',
          '          cosign sign --key cosign.key "$IMAGE:$GITHUB_SHA"\n',
        ],
        [
          '  sign:\n    name: sign\n    needs: [build, image-scan]\n    runs-on: ubuntu-24.04\n    timeout-minutes: 10\n    permissions:\n      contents: read\n      packages: write\n      id-token: write\n',
          '  sign:\n    name: sign\n    needs: [build, image-scan]\n    runs-on: ubuntu-24.04\n    timeout-minutes: 10\n    permissions:\n      contents: read\n      packages: write\n',
        ],
      ],
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        136,
        startsWith(
          '`cosign sign` in `sign` signs with a key instead of keylessly (drop `--key`); lacks `--yes`',
        ),
      ],
    ]);
    expect(found[0].message).toContain(
      'signs a tag rather than `<image>@<digest>`',
    );
    expect(found[0].message).toContain(
      'runs in a job without `permissions: id-token: write`',
    );
  });

  it('flags committed private keys and Secrets holding signing keys', async () => {
    const found = await repo.violations('R17', 'github', {
      'keys/cosign.key': `${pem('ENCRYPTED SIGSTORE PRIVATE KEY')}\nabc\n`,
      'config/tls.pem': `certificate first\n${pem('RSA PRIVATE KEY')}\nxyz\n`,
      'deploy/signing-secret.yaml':
        'apiVersion: v1\nkind: Secret\nmetadata: { name: signing-secrets }\ndata:\n  cosign.key: ZmFrZQ==\n',
    });
    expect(found.map(v => [v.file, v.line])).toEqual([
      ['config/tls.pem', 2],
      ['deploy/signing-secret.yaml', 5],
      ['keys/cosign.key', 1],
    ]);
  });

  it('flags a GitLab signing job without a Sigstore OIDC token', async () => {
    const found = await repo.violations('R17', 'gitlab', {
      'ci/release.gitlab-ci.yml': [
        [
          'sign:\n  extends: [.tools, .release, .keyless]\n',
          'sign:\n  extends: [.tools, .release]\n',
        ],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        '`cosign sign` in `sign` runs in a job without `id_tokens` for the `sigstore` audience',
      ),
    ]);
  });

  it('flags a pipeline that never signs', async () => {
    const found = await repo.violations('R17', 'gitlab', {
      'ci/release.gitlab-ci.yml': [
        [
          '    - cosign sign --yes "$CI_REGISTRY_IMAGE@$IMAGE_DIGEST"\n',
          '    - echo not signed\n',
        ],
      ],
    });
    expect(found.map(v => [v.file, v.message])).toEqual([
      ['.gitlab-ci.yml', startsWith('The image is never signed')],
    ]);
  });

  it('needs the IMAGE_URL/IMAGE_DIGEST type hints and keyless evidence for Tekton Chains', async () => {
    const noHints = await repo.violations('R17', 'tekton', {
      '.tekton/tasks/buildah-build.yaml': [[/IMAGE_DIGEST/g, 'DIGEST']],
      '.tekton/pipeline-release.yaml': [[/IMAGE_DIGEST/g, 'DIGEST']],
    });
    expect(noHints.map(v => v.message)).toEqual([
      startsWith(
        'No task reports the image it built as `IMAGE_URL` and `IMAGE_DIGEST` results',
      ),
    ]);

    const noVerification = await repo.violations('R17', 'tekton', {
      '.tekton/tasks/verify-image.yaml': [
        [/--certificate-identity "\$CHAINS_IDENTITY" /g, ''],
      ],
    });
    expect(noVerification.map(v => [v.file, v.message])).toEqual([
      [
        '.tekton/pipeline-release.yaml',
        startsWith('Nothing shows that Tekton Chains signs keylessly'),
      ],
    ]);

    const chainsConfig = await repo.violations('R17', 'tekton', {
      '.tekton/tasks/verify-image.yaml': [
        [/--certificate-identity "\$CHAINS_IDENTITY" /g, ''],
      ],
      'platform/chains-config.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: chains-config, namespace: openshift-pipelines }\ndata:\n  artifacts.oci.signer: x509\n  signers.x509.fulcio.enabled: "true"\n',
    });
    expect(chainsConfig).toEqual([]);

    const keyedChains = await repo.violations('R17', 'tekton', {
      'platform/chains-config.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: chains-config }\ndata:\n  artifacts.oci.signer: x509\n',
    });
    expect(keyedChains.map(v => v.message)).toEqual([
      startsWith('Tekton Chains signs with a stored key'),
    ]);
  });
});
