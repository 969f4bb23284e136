import { BundleVerifier } from '../supplychain/BundleVerifier';
import { describeBundle, readBundle } from '../supplychain/bundleFacts';
import { TrustRoot } from '../supplychain/TrustRoot';
import { fixture } from '../supplychain/__testUtils__/fixtures';
import { createTestSigstore } from '../supplychain/__testUtils__/testSigstore';
import { collect } from './__testUtils__/collect';
import { cosignBundleFormat, npmAttestationsFormat, sigstoreBundleFormat } from './sigstore';
import { builtInFormats } from '.';
import { FormatRegistry } from '../service/FormatRegistry';

const text = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2));

function detect(bytes: Buffer) {
  const registry = new FormatRegistry();
  builtInFormats.forEach(f => registry.add(f));
  return registry.resolve(undefined, bytes.subarray(0, 4096).toString('utf8')).id;
}

describe('Sigstore report formats', () => {
  it('detects bundles of every version and npm responses from their content', () => {
    for (const name of [
      'conformance-v01-msgsig-happy-path.sigstore.json',
      'conformance-v02-msgsig-happy-path.sigstore.json',
      'conformance-v03-dsse-intoto-happy-path.sigstore.json',
    ]) {
      expect(detect(text(fixture(name)))).toBe('sigstore-bundle');
    }
    expect(detect(text(fixture('npm-attestations-sigstore@1.0.0.json')))).toBe('npm-attestations');
  });

  it('hands each bundle of an npm response on with its declared predicate type', async () => {
    const out = await collect(npmAttestationsFormat, text(fixture('npm-attestations-tuf-js@1.0.0.json')));
    expect(out.attestations.map(a => a.predicateType)).toEqual([
      'https://slsa.dev/provenance/v0.2',
      'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
    ]);
  });

  it.each([
    ['a bundle with another media type', sigstoreBundleFormat, { mediaType: 'application/json' }, /not a Sigstore bundle/],
    ['an npm response without a list', npmAttestationsFormat, { attestations: 'x' }, /no attestations list/],
    ['an npm attestation without a bundle', npmAttestationsFormat, { attestations: [{}] }, /has no bundle/],
    ['a cosign bundle without a Rekor entry', cosignBundleFormat, { base64Signature: 'AA==', cert: 'x' }, /no Rekor entry/],
    ['a key-signed cosign bundle', cosignBundleFormat, { base64Signature: 'AA==' }, /no certificate/],
  ])('rejects %s', async (_name, format, doc, message) => {
    await expect(collect(format, text(doc))).rejects.toThrow(message);
  });

  it('rejects truncated JSON and documents no signature could be', async () => {
    const bundle = text(fixture('conformance-v03-msgsig-happy-path.sigstore.json'));
    await expect(collect(sigstoreBundleFormat, bundle.subarray(0, 500))).rejects.toThrow(/not valid JSON/);
    const huge = Buffer.alloc(33 * 1024 * 1024, 0x20);
    await expect(collect(sigstoreBundleFormat, huge)).rejects.toThrow(/larger than/);
  });

  it('turns cosign’s own bundle into a Sigstore bundle that verifies', async () => {
    const sigstore = await createTestSigstore();
    const artifact = Buffer.from('blob signed by cosign sign-blob');
    const bundle = await sigstore.signArtifact(artifact, {
      identity: 'https://github.com/acme/tool/.github/workflows/release.yml@refs/tags/v1',
      issuer: 'https://token.actions.githubusercontent.com',
    });
    // cosign sign-blob --bundle writes the same material in its own shape
    const entry = bundle.verificationMaterial.tlogEntries[0];
    const cert = Buffer.from(bundle.verificationMaterial.certificate.rawBytes, 'base64').toString('base64');
    const cosign = {
      base64Signature: bundle.messageSignature.signature,
      cert: Buffer.from(`-----BEGIN CERTIFICATE-----\n${cert}\n-----END CERTIFICATE-----\n`).toString('base64'),
      rekorBundle: {
        SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
        Payload: {
          body: entry.canonicalizedBody,
          integratedTime: Number(entry.integratedTime),
          logIndex: Number(entry.logIndex),
          logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
        },
      },
    };
    expect(detect(text(cosign))).toBe('cosign-bundle');
    const out = await collect(cosignBundleFormat, text(cosign));
    const converted = readBundle(out.attestations[0].bundle);
    expect(converted.mediaType).toBe('application/vnd.dev.sigstore.bundle+json;version=0.1');
    const verifier = new BundleVerifier(TrustRoot.fromJSON(sigstore.trustedRoot));
    const verdict = verifier.verifyUncached(converted, describeBundle(converted), {});
    expect(verdict.verification.status).toBe('verified');

    const flipped = Buffer.from(bundle.messageSignature.signature, 'base64');
    flipped[flipped.length - 1] ^= 0x01;
    const forged = { ...cosign, base64Signature: flipped.toString('base64') };
    const forgedOut = await collect(cosignBundleFormat, text(forged));
    const forgedBundle = readBundle(forgedOut.attestations[0].bundle);
    expect(verifier.verifyUncached(forgedBundle, describeBundle(forgedBundle), {}).verification.status).toBe('failed');
  });
});
