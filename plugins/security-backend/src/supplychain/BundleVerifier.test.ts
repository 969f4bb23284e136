import { createHash } from 'node:crypto';
import { Bundle } from '@sigstore/bundle';
import { BundleVerifier, VerifyContext } from './BundleVerifier';
import { MalformedBundleError, describeBundle, readBundle } from './bundleFacts';
import { TrustRoot } from './TrustRoot';
import {
  CONFORMANCE_DIGEST,
  CONFORMANCE_IDENTITY,
  GITHUB_ISSUER,
  fixture,
  fixtureBytes,
  publicGoodTrust,
} from './__testUtils__/fixtures';
import { createTestSigstore, provenanceStatement } from './__testUtils__/testSigstore';

const verifier = new BundleVerifier(publicGoodTrust());

function verify(json: unknown, context: VerifyContext = {}, using = verifier) {
  const bundle = readBundle(json);
  return using.verifyUncached(bundle, describeBundle(bundle), context);
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('BundleVerifier with real public-good bundles, offline', () => {
  it.each([
    ['conformance-v01-msgsig-happy-path.sigstore.json', 'message signature, bundle v0.1'],
    ['conformance-v02-msgsig-happy-path.sigstore.json', 'message signature, bundle v0.2'],
    ['conformance-v03-msgsig-happy-path.sigstore.json', 'message signature, bundle v0.3'],
  ])('verifies %s (%s) and reports its GitHub Actions signer', name => {
    const verdict = verify(fixture(name), { expectedDigest: CONFORMANCE_DIGEST });
    expect(verdict.verification).toMatchObject({ status: 'verified' });
    expect(verdict.verification.checks).toEqual(
      expect.arrayContaining(['certificate chain', 'certificate transparency (SCT)', 'transparency log', 'signature', 'subject digest']),
    );
    expect(verdict.signer).toEqual({ identity: CONFORMANCE_IDENTITY, issuer: GITHUB_ISSUER, keyId: undefined });
  });

  it('fails a real DSSE bundle whose provenance names another repository than its certificate', () => {
    // the conformance suite signs a copied SLSA v1 statement from its own beacon workflow
    const verdict = verify(fixture('conformance-v03-dsse-intoto-happy-path.sigstore.json'), {
      expectedDigest: CONFORMANCE_DIGEST,
    });
    expect(verdict.verification).toMatchObject({
      status: 'failed',
      failure: 'identity-mismatch',
      reason: expect.stringMatching(/provenance names https:\/\/github.com\/loosebazooka\/aa-test .*sigstore-conformance\/extremely-dangerous-public-oidc-beacon/),
    });
    expect(verdict.verification.checks).toEqual(
      expect.arrayContaining(['certificate chain', 'certificate transparency (SCT)', 'transparency log', 'signature', 'subject digest']),
    );
  });

  it('signs the artifact it claims: the message digest is the sha256 of the real file', () => {
    const facts = describeBundle(readBundle(fixture('conformance-v01-msgsig-happy-path.sigstore.json')));
    const digest = createHash('sha256').update(fixtureBytes('conformance-a.txt')).digest('hex');
    expect(facts.subjects).toEqual([{ digest: `sha256:${digest}` }]);
  });

  it('verifies npm provenance (Fulcio) and the publish attestation (registry key)', () => {
    const [provenance, publish] = fixture('npm-attestations-sigstore@1.0.0.json').attestations;
    const a = verify(provenance.bundle);
    expect(a.verification.status).toBe('verified');
    expect(a.signer.identity).toBe(
      'https://github.com/sigstore/sigstore-js/.github/workflows/publish.yml@refs/tags/v1.0.0',
    );
    const b = verify(publish.bundle);
    expect(b.verification).toMatchObject({ status: 'verified', checks: ['trusted key', 'transparency log', 'signature'] });
    expect(b.signer).toEqual({ keyId: 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA' });
  });

  it('verifies bundles of every media type from sigstore-js and sigstore-go', () => {
    for (const name of [
      'v01-dsse-slsa-v0.2-provenance-sigstore1.3.0.sigstore.json',
      'v01-dsse-npm-publish-attestation-sigstore1.3.0.sigstore.json',
      'v02-dsse-npm-publish-sigstore1.0.0.sigstore.json',
      'v03-dsse-intoto-npm-publish-sigstore1.0.0.sigstore.json',
    ]) {
      expect([name, verify(fixture(name)).verification.status]).toEqual([name, 'verified']);
    }
  });

  it('matches the npm subject digest against the package integrity from the registry', () => {
    const [provenance] = fixture('npm-attestations-sigstore@1.0.0.json').attestations;
    const integrity = 'sha512-e+qfbn/zf1+rCza/BhIA//Awmf0v1pa5HQS8Xk8iXrn9bgytytVLqYD0P7NSqZ6IELTgq+tcDvLPkQjNHyWLNg==';
    const hex = Buffer.from(integrity.slice(7), 'base64').toString('hex');
    expect(verify(provenance.bundle, { expectedDigest: `sha512:${hex}` }).verification.status).toBe('verified');
  });
});

describe('tampered copies of real bundles never verify', () => {
  const dsse = fixture('conformance-v03-dsse-intoto-happy-path.sigstore.json');
  const message = fixture('conformance-v03-msgsig-happy-path.sigstore.json');

  it('a changed payload byte', () => {
    const copy = clone(dsse);
    const payload = Buffer.from(copy.dsseEnvelope.payload, 'base64');
    payload[payload.indexOf('a.txt')] = 'b'.charCodeAt(0);
    copy.dsseEnvelope.payload = payload.toString('base64');
    expect(verify(copy).verification).toMatchObject({ status: 'failed', failure: 'tlog-mismatch' });
  });

  it('a flipped signature bit', () => {
    const copy = clone(dsse);
    const sig = Buffer.from(copy.dsseEnvelope.signatures[0].sig, 'base64');
    sig[20] ^= 0x01;
    copy.dsseEnvelope.signatures[0].sig = sig.toString('base64');
    expect(verify(copy).verification).toMatchObject({ status: 'failed', failure: 'bad-signature' });
  });

  it('a certificate swapped for another real one', () => {
    const other = fixture('conformance-v03-msgsig-happy-path.sigstore.json');
    const copy = clone(dsse);
    copy.verificationMaterial.certificate = other.verificationMaterial.certificate;
    expect(verify(copy).verification).toMatchObject({
      status: 'failed',
      failure: 'untrusted-certificate',
      reason: expect.stringContaining('not the one the transparency log recorded'),
    });
  });

  it('a message digest changed to another artifact', () => {
    const copy = clone(message);
    const digest = Buffer.from(copy.messageSignature.messageDigest.digest, 'base64');
    digest[0] ^= 0xff;
    copy.messageSignature.messageDigest.digest = digest.toString('base64');
    expect(verify(copy).verification).toMatchObject({ status: 'failed', failure: 'tlog-mismatch' });
  });

  it('a genuine bundle presented for an artifact with another digest', () => {
    const verdict = verify(dsse, { expectedDigest: `sha256:${'0'.repeat(64)}` }).verification;
    expect(verdict).toMatchObject({ status: 'failed', failure: 'digest-mismatch' });
    expect(verdict.reason).toContain(CONFORMANCE_DIGEST);
  });

  it('an npm provenance bundle presented for another package version', () => {
    const [provenance] = fixture('npm-attestations-tuf-js@1.0.0.json').attestations;
    expect(verify(provenance.bundle, { expectedDigest: `sha512:${'ab'.repeat(64)}` }).verification.failure).toBe(
      'digest-mismatch',
    );
  });

  it('a bundle from the staging instance is not trusted by the public-good root', () => {
    expect(verify(fixture('STAGING-v01-msgsig-email-a@tny.town.sigstore.json')).verification).toMatchObject({
      status: 'failed',
      failure: 'untrusted-certificate',
    });
  });

  it('an integrated time no date can hold is dropped, not stored', () => {
    const copy = clone(fixture('conformance-v01-msgsig-happy-path.sigstore.json'));
    copy.verificationMaterial.tlogEntries[0].integratedTime = '99999999999999999';
    const facts = describeBundle(readBundle(copy));
    expect(facts.tlog?.integratedTime).toBeUndefined();
    expect(verify(copy).verification.status).toBe('failed');
  });

  it('a bundle without its checkpoint is rejected as malformed before verification', () => {
    expect(() => readBundle(fixture('v02-msgsig-no-checkpoint.sigstore.json'))).toThrow(MalformedBundleError);
    expect(() => readBundle({ mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1' })).toThrow(
      MalformedBundleError,
    );
  });
});

describe('identity policy on bundles signed with a test instance', () => {
  const identity = 'https://github.com/acme/payments-api/.github/workflows/release.yml@refs/heads/main';
  const statement = provenanceStatement(
    { name: 'ghcr.io/acme/payments-api', sha256: 'c'.repeat(64) },
    'https://github.com/acme/payments-api',
  );
  const policy = {
    issuer: GITHUB_ISSUER,
    subjectPattern: '^https://github\\.com/acme/payments-api/\\.github/workflows/.+$',
    source: 'project-slug' as const,
  };
  let sigstore: Awaited<ReturnType<typeof createTestSigstore>>;
  let testVerifier: BundleVerifier;

  beforeAll(async () => {
    sigstore = await createTestSigstore();
    testVerifier = new BundleVerifier(TrustRoot.fromJSON(sigstore.trustedRoot));
  });

  it('verifies a bundle from the expected workflow', async () => {
    const bundle = await sigstore.signStatement(statement, { identity, issuer: GITHUB_ISSUER });
    const verdict = verify(bundle, { policy, expectedDigest: `sha256:${'c'.repeat(64)}` }, testVerifier);
    expect(verdict.verification).toMatchObject({ status: 'verified', policy });
    expect(verdict.verification.checks).toContain('signer identity');
    expect(verdict.signer).toMatchObject({ identity, issuer: GITHUB_ISSUER });
  });

  it('verifies a message signature over an artifact without needing its bytes', async () => {
    const artifact = Buffer.from('release tarball');
    const bundle = await sigstore.signArtifact(artifact, { identity, issuer: GITHUB_ISSUER });
    const digest = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
    expect(verify(bundle, { policy, expectedDigest: digest }, testVerifier).verification.status).toBe('verified');
  });

  it('fails a signature from another issuer', async () => {
    const bundle = await sigstore.signStatement(statement, { identity, issuer: 'https://gitlab.com' });
    expect(verify(bundle, { policy }, testVerifier).verification).toMatchObject({
      status: 'failed',
      failure: 'identity-mismatch',
      reason: expect.stringContaining('https://gitlab.com'),
    });
  });

  it('fails a signature from another repository, even one whose name contains the expected one', async () => {
    for (const other of [
      'https://github.com/evil/payments-api/.github/workflows/release.yml@refs/heads/main',
      `https://github.com/evil/x?${identity}`,
    ]) {
      const bundle = await sigstore.signStatement(statement, { identity: other, issuer: GITHUB_ISSUER });
      expect(verify(bundle, { policy }, testVerifier).verification).toMatchObject({
        status: 'failed',
        failure: 'identity-mismatch',
      });
    }
  });

  it('fails a reusable workflow of the repository called from another repository', async () => {
    const slugPolicy = { ...policy, sourceRepository: 'https://github.com/acme/payments-api' };
    const own = await sigstore.signStatement(statement, { identity, issuer: GITHUB_ISSUER, sourceRepository: 'https://github.com/acme/payments-api' });
    expect(verify(own, { policy: slugPolicy }, testVerifier).verification.status).toBe('verified');
    const caller = await sigstore.signStatement(statement, { identity, issuer: GITHUB_ISSUER, sourceRepository: 'https://github.com/evil/caller' });
    expect(verify(caller, { policy: slugPolicy }, testVerifier).verification).toMatchObject({
      failure: 'identity-mismatch',
      reason: expect.stringContaining('https://github.com/evil/caller'),
    });
  });

  it('fails provenance whose source is not the repository the certificate was issued to', async () => {
    const bundle = await sigstore.signStatement(statement, { identity, issuer: GITHUB_ISSUER, sourceRepository: 'https://github.com/evil/fork' });
    expect(verify(bundle, {}, testVerifier).verification).toMatchObject({
      failure: 'identity-mismatch',
      reason: expect.stringContaining('certificate was issued to a build of https://github.com/evil/fork'),
    });
  });

  it('ties a bundle to the named artifact when no digest is known', async () => {
    const bundle = await sigstore.signStatement(statement, { identity, issuer: GITHUB_ISSUER });
    expect(verify(bundle, { expectedName: 'ghcr.io/acme/payments-api' }, testVerifier).verification.checks).toContain('subject name');
    expect(verify(bundle, { expectedName: 'ghcr.io/acme/other' }, testVerifier).verification).toMatchObject({
      failure: 'digest-mismatch',
      reason: 'the bundle is about ghcr.io/acme/payments-api, not ghcr.io/acme/other',
    });
    const blob = await sigstore.signArtifact(Buffer.from('x'), { identity, issuer: GITHUB_ISSUER });
    expect(verify(blob, { expectedName: 'ghcr.io/acme/payments-api' }, testVerifier).verification.reason).toContain(
      'cannot be tied to ghcr.io/acme/payments-api without the artifact',
    );
  });

  it('does not accept a registry-key signature where an identity is expected', () => {
    const [, publish] = fixture('npm-attestations-sigstore@1.0.0.json').attestations;
    expect(verify(publish.bundle, { policy }).verification).toMatchObject({
      status: 'failed',
      failure: 'identity-mismatch',
      reason: expect.stringContaining('signed with the key SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA'),
    });
  });

  it('fails a certificate that had expired when the log integrated the signature', async () => {
    const now = Date.now();
    const bundle = await sigstore.signStatement(statement, {
      identity,
      issuer: GITHUB_ISSUER,
      certificateTime: new Date(now - 60 * 60 * 1000),
      logTime: new Date(now),
    });
    expect(verify(bundle, { policy }, testVerifier).verification).toMatchObject({
      status: 'failed',
      failure: 'certificate-expired',
    });
  });

  it('does not trust the test instance under the public-good root, nor the reverse', async () => {
    const bundle = await sigstore.signStatement(statement, { identity, issuer: GITHUB_ISSUER });
    expect(verify(bundle, {}).verification.failure).toBe('untrusted-certificate');
    const real = fixture('conformance-v03-dsse-intoto-happy-path.sigstore.json');
    expect(verify(real, {}, testVerifier).verification.status).toBe('failed');
  });

  it('caches by bundle and context, and a new trust root or policy is a new verdict', async () => {
    const json = await sigstore.signStatement(statement, { identity, issuer: GITHUB_ISSUER });
    const bundle: Bundle = readBundle(json);
    const facts = describeBundle(bundle);
    const first = testVerifier.verify(bundle, facts, 'sha256:x', { policy });
    expect(testVerifier.verify(bundle, facts, 'sha256:x', { policy })).toBe(first);
    const stricter = { ...policy, issuer: 'https://other.example' };
    expect(testVerifier.verify(bundle, facts, 'sha256:x', { policy: stricter }).verification.status).toBe('failed');
    expect(testVerifier.contextKey({ policy })).not.toBe(verifier.contextKey({ policy }));
  });
});
