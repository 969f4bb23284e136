import { repoTester, startsWith, span } from '../__testUtils__/fixtureRepo';

const DEPLOY_JOB = `
  deploy:
    name: deploy
    needs: [build, sign]
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    environment: production
    steps:
      - run: kubectl set image deployment/payments-api "payments-api=$IMAGE@$DIGEST"
`;

describe('R19 verification before deploy', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R19', base)).toEqual([]);
    },
  );

  it('flags catch-all identities, missing issuers and tags', async () => {
    const found = await repo.violations('R19', 'github', {
      '.github/workflows/release.yml': [
        [
          'cosign verify --certificate-identity-regexp "$IDENTITY" --certificate-oidc-issuer "$ISSUER" "$IMAGE@$DIGEST"',
          'cosign verify --certificate-identity-regexp ".*" --certificate-oidc-issuer "$ISSUER" "$IMAGE@$DIGEST"',
        ],
        [
          'cosign verify-attestation --type cyclonedx --certificate-identity-regexp "$IDENTITY" --certificate-oidc-issuer "$ISSUER" "$IMAGE@$DIGEST"',
          'cosign verify-attestation --type cyclonedx --certificate-identity-regexp "$IDENTITY" "$IMAGE:latest"',
        ],
      ],
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        183,
        startsWith('`cosign verify` in `verify` accepts any signer (`.*`)'),
      ],
      [
        184,
        startsWith(
          '`cosign verify-attestation` in `verify` pins no OIDC issuer (`--certificate-oidc-issuer`); verifies a tag',
        ),
      ],
    ]);
  });

  it("flags an identity that is not the repository's workflow", async () => {
    const found = await repo.violations('R19', 'gitlab', {
      'ci/release.gitlab-ci.yml': [
        [
          'IDENTITY: ${CI_PROJECT_URL}//.gitlab-ci.yml@refs/heads/${CI_DEFAULT_BRANCH}',
          'IDENTITY: https://gitlab.com/other-group/other//.gitlab-ci.yml@refs/heads/main',
        ],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        "`cosign verify` in `verify` pins an identity (`https://gitlab.com/other-group/other//.gitlab-ci.yml@refs/heads/main`) that is not this repository's workflow",
      ),
      startsWith('`cosign verify-attestation` in `verify` pins an identity'),
      startsWith('`cosign verify-attestation` in `verify` pins an identity'),
    ]);
  });

  describe('an identity regular expression naming the repository', () => {
    const withIdentity = (slug: string, identity: string) =>
      repo.violations('R19', 'github', {
        'catalog-info.yaml': [
          [
            'github.com/project-slug: example-org/payments-api',
            `github.com/project-slug: ${slug}`,
          ],
        ],
        '.github/workflows/release.yml': [
          [/IDENTITY="[^"]*"/, `IDENTITY="${identity}"`],
        ],
      });

    it.each([
      [
        'example-org/payments-api',
        String.raw`^https://github\.com/example-org/payments-api/\.github/workflows/release\.yml@refs/.*$`,
      ],
      [
        'acme/payments.api',
        String.raw`^https://github\.com/acme/payments\.api/\.github/workflows/release\.yml@refs/.*$`,
      ],
      [
        'acme/payments.api',
        String.raw`^https://github\.com/acme\/payments[.]api/\.github/workflows/release\.yml@refs/heads/main$`,
      ],
      [
        'acme/payments.v2-api',
        String.raw`^https://github\.com/acme/payments\.v2\-api/\.github/workflows/release\.yml@refs/heads/main$`,
      ],
      // The rule does not judge how precise the expression is: an unescaped dot still
      // names the repository, as it did before escaped names were understood.
      [
        'acme/payments.api',
        String.raw`^https://github\.com/acme/payments.api/\.github/workflows/release\.yml@refs/heads/main$`,
      ],
    ])('accepts %s named by %s', async (slug, identity) => {
      expect(await withIdentity(slug, identity)).toEqual([]);
    });

    it.each([
      String.raw`^https://github\.com/acme/paymentsXapi/\.github/workflows/release\.yml@refs/.*$`,
      String.raw`^https://github\.com/acme/payments\\.api/\.github/workflows/release\.yml@refs/.*$`,
      String.raw`^https://github\.com/acme/payments\Dapi/\.github/workflows/release\.yml@refs/.*$`,
      String.raw`^https://github\.com/acme/payments[.x]api/\.github/workflows/release\.yml@refs/.*$`,
      // look-alike repositories: another owner whose name ends in acme, a longer name
      String.raw`^https://github\.com/evilacme/payments\.api/\.github/workflows/release\.yml@refs/.*$`,
      String.raw`^https://github\.com/acme/payments\.api-fork/\.github/workflows/release\.yml@refs/.*$`,
      'evilacme/payments.api',
    ])('flags %s, which is not acme/payments.api', async identity => {
      const found = await withIdentity('acme/payments.api', identity);
      expect(found.map(v => v.message)).toEqual([
        startsWith('`cosign verify` in `verify` pins an identity'),
        startsWith('`cosign verify-attestation` in `verify` pins an identity'),
      ]);
    });
  });

  it('flags a deploy job that does not wait for the verification', async () => {
    const found = await repo.violations('R19', 'github', {
      '.github/workflows/release.yml': [[/\n$/, `\n${DEPLOY_JOB}`]],
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [
        194,
        startsWith('`deploy` deploys (kubectl set) without first verifying'),
      ],
    ]);
    const ordered = await repo.violations('R19', 'github', {
      '.github/workflows/release.yml': [
        [
          /\n$/,
          `\n${DEPLOY_JOB.replace(
            'needs: [build, sign]',
            'needs: [build, verify]',
          )}`,
        ],
      ],
    });
    expect(ordered).toEqual([]);
  });

  it('accepts an admission policy that verifies signatures and attestations', async () => {
    const found = await repo.violations('R19', 'github', {
      '.github/workflows/release.yml': [
        [
          span('      - name: Verify signature'),
          '      - run: echo verified in the cluster\n',
        ],
      ],
      'deploy/verify-images.yaml': `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: verify-payments-api }
spec:
  rules:
    - name: verify
      match: { any: [{ resources: { kinds: [Pod] } }] }
      verifyImages:
        - imageReferences: [ghcr.io/example-org/payments-api*]
          attestors:
            - entries:
                - keyless:
                    subject: https://github.com/example-org/payments-api/.github/workflows/release.yml@refs/heads/main
                    issuer: https://token.actions.githubusercontent.com
          attestations:
            - type: https://slsa.dev/provenance/v1
`,
    });
    expect(found).toEqual([]);
  });

  it('flags a Tekton pipeline that verifies nothing', async () => {
    const found = await repo.violations('R19', 'tekton', {
      '.tekton/tasks/verify-image.yaml': [
        [span('        for attempt'), '        echo skipped\n'],
      ],
    });
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        'Signatures and attestations are not both verified before deploy',
      ),
    ]);
  });
});
