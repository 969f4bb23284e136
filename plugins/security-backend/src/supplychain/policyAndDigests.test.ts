import { Entity } from '@backstage/catalog-model';
import { describeBundle, readBundle } from './bundleFacts';
import { artifactName, normaliseDigest, parseArtifactList, parseArtifactRef, sameArtifact } from './digests';
import { GITHUB_ACTIONS_ISSUER, identityMismatch, identityPolicyFor } from './identityPolicy';
import { targetOf } from './processAttestations';
import { provenanceFacts } from './provenance';
import { fixture } from './__testUtils__/fixtures';

const entity = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default', annotations },
});

describe('identityPolicyFor', () => {
  it('derives GitHub Actions of the project slug by default', () => {
    const policy = identityPolicyFor(entity({ 'github.com/project-slug': 'acme/payments.api' }), undefined);
    expect(policy).toEqual({
      issuer: GITHUB_ACTIONS_ISSUER,
      subjectPattern: '^https://github\\.com/acme/payments\\.api/\\.github/workflows/.+$',
      sourceRepository: 'https://github.com/acme/payments.api',
      source: 'project-slug',
    });
    expect(identityMismatch(policy, { issuer: GITHUB_ACTIONS_ISSUER, identity: 'https://github.com/acme/payments.api/.github/workflows/ci.yml@refs/heads/main' })).toBeUndefined();
    expect(identityMismatch(policy, { issuer: GITHUB_ACTIONS_ISSUER, identity: 'https://github.com/acme/paymentsXapi/.github/workflows/ci.yml@refs/heads/main' })).toContain('does not match');
  });

  it('uses the organisation configuration, with the slug filled in', () => {
    const org = { issuer: 'https://gitlab.example.com', subjectPattern: 'https://gitlab\\.example\\.com/{projectSlug}//.+' };
    expect(identityPolicyFor(entity({ 'github.com/project-slug': 'acme/pay' }), org)).toEqual({
      issuer: 'https://gitlab.example.com',
      subjectPattern: 'https://gitlab\\.example\\.com/acme/pay//.+',
      source: 'config',
    });
  });

  it('fills each part from the most specific place that sets it', () => {
    const slug = { 'github.com/project-slug': 'acme/pay' };
    // an organisation that only names the issuer still gets the repository's subject
    expect(identityPolicyFor(entity(slug), { issuer: GITHUB_ACTIONS_ISSUER })).toMatchObject({
      issuer: GITHUB_ACTIONS_ISSUER,
      subjectPattern: '^https://github\\.com/acme/pay/\\.github/workflows/.+$',
      source: 'config',
    });
    expect(
      identityPolicyFor(entity({ ...slug, 'security.devsecops.io/signer-identity': 'https://github\\.com/acme/release/.+' }), undefined),
    ).toMatchObject({ issuer: GITHUB_ACTIONS_ISSUER, subjectPattern: 'https://github\\.com/acme/release/.+', source: 'annotation' });
  });

  it('refuses everything when the configured pattern needs a slug the entity lacks', () => {
    const policy = identityPolicyFor(entity(), { issuer: GITHUB_ACTIONS_ISSUER, subjectPattern: '^https://github\\.com/{projectSlug}/.+$' });
    expect(policy.unsatisfiable).toContain('github.com/project-slug');
    expect(identityMismatch(policy, { issuer: GITHUB_ACTIONS_ISSUER, identity: 'https://github.com/any/x' })).toContain('project-slug');
  });

  it('refuses patterns too long to be safe', () => {
    expect(identityMismatch({ subjectPattern: 'a'.repeat(600), source: 'annotation' }, { identity: 'a' })).toContain('longer than');
  });

  it('lets the entity override by annotation', () => {
    const policy = identityPolicyFor(
      entity({
        'github.com/project-slug': 'acme/pay',
        'security.devsecops.io/signer-issuer': 'https://accounts.google.com',
        'security.devsecops.io/signer-identity': 'release@acme\\.example',
      }),
      { issuer: 'https://other' },
    );
    expect(policy).toEqual({ issuer: 'https://accounts.google.com', subjectPattern: 'release@acme\\.example', source: 'annotation' });
    expect(identityMismatch(policy, { issuer: 'https://accounts.google.com', identity: 'evil-release@acme.example' })).toContain('does not match');
    expect(identityMismatch(policy, { issuer: 'https://accounts.google.com', identity: 'release@acme.example' })).toBeUndefined();
  });

  it('has no policy for an entity nobody configured', () => {
    expect(identityPolicyFor(entity(), undefined)).toEqual({ source: 'none' });
  });

  it('reports an invalid pattern instead of throwing', () => {
    expect(identityMismatch({ subjectPattern: '(', source: 'annotation' }, { identity: 'x' })).toContain('not a valid regular expression');
  });
});

describe('digests and artifact references', () => {
  it('normalises the spellings pipelines use', () => {
    const hex = 'a'.repeat(64);
    expect(normaliseDigest(`sha256:${hex.toUpperCase()}`)).toBe(`sha256:${hex}`);
    expect(normaliseDigest(hex)).toBe(`sha256:${hex}`);
    expect(normaliseDigest('sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==')).toBe(
      'sha512:7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36',
    );
    expect(normaliseDigest('sha256:abc')).toBeUndefined();
    expect(normaliseDigest(`md5:${'a'.repeat(32)}`)).toBeUndefined();
  });

  it('splits image references, package URLs and bare digests', () => {
    const d = `sha256:${'b'.repeat(64)}`;
    expect(parseArtifactRef(`registry:5000/acme/api:1.2@${d}`)).toEqual({ name: 'registry:5000/acme/api', digest: d });
    expect(parseArtifactRef('pkg:npm/%40sigstore/verify@4.1.3?foo=bar')).toEqual({ name: 'pkg:npm/@sigstore/verify@4.1.3' });
    expect(parseArtifactRef(d)).toEqual({ name: d, digest: d });
    expect(artifactName('ghcr.io/acme/api:latest')).toBe('ghcr.io/acme/api');
    expect(parseArtifactList(` ghcr.io/a/b@${d},\npkg:npm/x@1 `)).toHaveLength(2);
  });
});

describe('what a bundle is about', () => {
  const npm = fixture('npm-attestations-sigstore@1.0.0.json').attestations[0].bundle;
  const facts = describeBundle(readBundle(npm));

  it('reads SLSA v0.2 provenance from a real npm attestation', () => {
    expect(facts.predicateType).toBe('https://slsa.dev/provenance/v0.2');
    expect(provenanceFacts(facts.predicateType, facts.predicate)).toMatchObject({
      slsaVersion: '0.2',
      builderId: 'https://github.com/npm/cli@9.4.2',
      sourceRepository: 'https://github.com/sigstore/sigstore-js',
      sourceRef: 'refs/tags/v1.0.0',
      sourceCommit: expect.stringMatching(/^[0-9a-f]{40}$/),
      workflow: 'sigstore/sigstore-js/.github/workflows/publish.yml@refs/tags/v1.0.0',
    });
  });

  it('reads SLSA v1 provenance from a real conformance bundle', () => {
    const v1 = describeBundle(readBundle(fixture('conformance-v03-dsse-intoto-happy-path.sigstore.json')));
    expect(provenanceFacts(v1.predicateType, v1.predicate)).toMatchObject({ slsaVersion: '1' });
  });

  it('treats an undeclared package as a dependency and a declared one as the entity artifact', () => {
    expect(targetOf(facts, { entity: entity() })).toMatchObject({ role: 'dependency', artifact: 'pkg:npm/sigstore@1.0.0' });
    expect(
      targetOf(facts, { entity: entity({ 'security.devsecops.io/artifacts': 'pkg:npm/sigstore@1.0.0' }) }),
    ).toMatchObject({ role: 'artifact', artifact: 'pkg:npm/sigstore@1.0.0', expectedDigest: undefined });
  });

  it('prefers the declared entry whose digest the bundle signs, and matches versionless package URLs', () => {
    const d = (c: string) => `sha512:${c.repeat(128)}`;
    const twoVersions = entity({
      'security.devsecops.io/artifacts': `pkg:npm/sigstore@1.0.0@${d('1')}, pkg:npm/sigstore@1.0.0@${facts.subjects[0].digest.slice(7)}`,
    });
    expect(targetOf(facts, { entity: twoVersions })).toMatchObject({ expectedDigest: facts.subjects[0].digest });
    expect(targetOf(facts, { entity: entity({ 'security.devsecops.io/artifacts': 'pkg:npm/sigstore' }) })).toMatchObject({
      role: 'artifact',
      artifact: 'pkg:npm/sigstore',
    });
    expect(sameArtifact('pkg:npm/sigstore@1.0.0', 'pkg:npm/sigstore')).toBe(true);
    expect(sameArtifact('pkg:npm/sigstore-extra@1.0.0', 'pkg:npm/sigstore')).toBe(false);
    expect(sameArtifact('pkg:npm/@scope/pkg@2.0.0', 'pkg:npm/%40scope/pkg')).toBe(true);
  });

  it('lets the declared digest win over the one an upload states', () => {
    const declared = `sha512:${'2'.repeat(128)}`;
    const upload = `sha512:${'3'.repeat(128)}`;
    const target = targetOf(facts, {
      entity: entity({ 'security.devsecops.io/artifacts': `pkg:npm/sigstore@1.0.0@${declared}` }),
      artifact: `pkg:npm/sigstore@1.0.0@${upload}`,
    });
    expect(target).toMatchObject({ role: 'artifact', expectedDigest: declared });
  });

  it('binds an upload to the stated artifact and its digest', () => {
    const d = `sha512:${'0'.repeat(128)}`;
    expect(targetOf(facts, { entity: entity(), artifact: `pkg:npm/sigstore@1.0.0@${d}` })).toMatchObject({
      role: 'artifact',
      expectedDigest: d,
    });
  });
});
