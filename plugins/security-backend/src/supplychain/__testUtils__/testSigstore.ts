import { createHash, generateKeyPairSync, sign, KeyObject } from 'node:crypto';
import { initializeCA, initializeCTLog, initializeTLog } from '@sigstore/mock';

const OID_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const REKOR_URL = 'https://rekor.test.invalid';
const LONG_AGO = '2000-01-01T00:00:00.000Z';

const b64 = (bytes: Buffer | ArrayBufferView) =>
  Buffer.from(bytes as Uint8Array).toString('base64');
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest();
const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (der: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;

export interface SignOptions {
  identity: string;
  issuer: string;
  /** When the certificate is issued (its validity is ten minutes from then). */
  certificateTime?: Date;
  /** When the transparency log integrates the entry. */
  logTime?: Date;
  /** The repository Fulcio would record from the build's token (extension 1.3.6.1.4.1.57264.1.12). */
  sourceRepository?: string;
}

/**
 * A private Sigstore instance for tests: a Fulcio-like CA with a CT log, and a Rekor-like
 * transparency log, all with fresh keys, plus the trusted root that names them. Bundles it
 * signs are real, cryptographically verifiable bundles, so identity cases can be built at will.
 */
export async function createTestSigstore() {
  const ctKeys = keyPair();
  const caKeys = keyPair();
  const tlogKeys = keyPair();
  const ctlogPublicKey = ctKeys.publicKey.export({ format: 'der', type: 'spki' });
  const tlogPublicKey = tlogKeys.publicKey.export({ format: 'der', type: 'spki' });
  const publicKey = (der: Buffer) => ({
    rawBytes: b64(der),
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    validFor: { start: LONG_AGO },
  });
  const rootCa = await initializeCA(caKeys, await initializeCTLog(ctKeys));

  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: REKOR_URL,
        hashAlgorithm: 'SHA2_256',
        publicKey: publicKey(tlogPublicKey),
        logId: { keyId: b64(sha256(tlogPublicKey)) },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: 'https://fulcio.test.invalid',
        certChain: { certificates: [{ rawBytes: b64(rootCa.rootCertificate) }] },
        validFor: { start: LONG_AGO },
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.test.invalid',
        hashAlgorithm: 'SHA2_256',
        publicKey: publicKey(ctlogPublicKey),
        logId: { keyId: b64(sha256(ctlogPublicKey)) },
      },
    ],
    timestampAuthorities: [],
  };

  async function certificateFor(signer: KeyObject, options: SignOptions) {
    // The CA's clock decides the certificate's validity; the same keys give the same chain.
    const ca = await initializeCA(caKeys, await initializeCTLog(ctKeys, options.certificateTime), options.certificateTime);
    const der = await ca.issueCertificate({
        publicKey: signer.export({ format: 'der', type: 'spki' }),
        subjectAltName: options.identity,
        extensions: [
          { oid: OID_ISSUER_V2, value: options.issuer },
          ...(options.sourceRepository
            ? [{ oid: '1.3.6.1.4.1.57264.1.12', value: options.sourceRepository }]
            : []),
        ],
    });
    return Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  }

  async function logEntry(proposed: object, kind: string, logTime?: Date) {
    const tlog = await initializeTLog(REKOR_URL, tlogKeys, logTime);
    const response = (await tlog.log(proposed)) as Record<string, any>;
    const entry = Object.values(response)[0];
    const proof = entry.verification.inclusionProof;
    return {
      logIndex: String(entry.logIndex),
      logId: { keyId: Buffer.from(entry.logID, 'hex').toString('base64') },
      kindVersion: { kind, version: '0.0.1' },
      integratedTime: String(entry.integratedTime),
      inclusionPromise: { signedEntryTimestamp: entry.verification.signedEntryTimestamp },
      inclusionProof: {
        logIndex: String(proof.logIndex),
        rootHash: Buffer.from(proof.rootHash, 'hex').toString('base64'),
        treeSize: String(proof.treeSize),
        hashes: [],
        checkpoint: { envelope: proof.checkpoint },
      },
      canonicalizedBody: entry.body,
    };
  }

  /** A v0.3 bundle with a DSSE envelope around an in-toto statement. */
  async function signStatement(statement: object, options: SignOptions) {
    const signer = keyPair();
    const certificate = await certificateFor(signer.publicKey, options);
    const payloadType = 'application/vnd.in-toto+json';
    const payload = Buffer.from(JSON.stringify(statement));
    const pae = Buffer.concat([
      Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${payload.length} `),
      payload,
    ]);
    const signature = sign('sha256', pae, signer.privateKey);
    const envelope = { payload: b64(payload), payloadType, signatures: [{ sig: b64(signature), keyid: '' }] };
    const entry = await logEntry(
      {
        apiVersion: '0.0.1',
        kind: 'dsse',
        spec: {
          envelopeHash: { algorithm: 'sha256', value: sha256(JSON.stringify(envelope)).toString('hex') },
          payloadHash: { algorithm: 'sha256', value: sha256(payload).toString('hex') },
          signatures: [{ signature: b64(signature), verifier: b64(Buffer.from(pem(certificate))) }],
        },
      },
      'dsse',
      options.logTime,
    );
    return { ...bundleV03(certificate, entry), dsseEnvelope: envelope };
  }

  /** A v0.3 bundle with a message signature over an artifact's bytes. */
  async function signArtifact(artifact: Buffer, options: SignOptions) {
    const signer = keyPair();
    const certificate = await certificateFor(signer.publicKey, options);
    const digest = sha256(artifact);
    const signature = sign('sha256', artifact, signer.privateKey);
    const entry = await logEntry(
      {
        apiVersion: '0.0.1',
        kind: 'hashedrekord',
        spec: {
          data: { hash: { algorithm: 'sha256', value: digest.toString('hex') } },
          signature: {
            content: b64(signature),
            publicKey: { content: b64(Buffer.from(pem(certificate))) },
          },
        },
      },
      'hashedrekord',
      options.logTime,
    );
    return {
      ...bundleV03(certificate, entry),
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: b64(digest) },
        signature: b64(signature),
      },
    };
  }

  return { trustedRoot, signStatement, signArtifact };
}

function bundleV03<Entry extends object>(certificate: Buffer, entry: Entry) {
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      certificate: { rawBytes: b64(certificate) },
      tlogEntries: [entry],
      timestampVerificationData: {},
    },
  };
}

/** An in-toto statement with SLSA v1 provenance for one subject. */
export function provenanceStatement(subject: { name: string; sha256: string }, repository: string) {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: subject.name, digest: { sha256: subject.sha256 } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        externalParameters: {
          workflow: { ref: 'refs/heads/main', repository, path: '.github/workflows/release.yml' },
        },
        resolvedDependencies: [
          { uri: `git+${repository}@refs/heads/main`, digest: { gitCommit: 'a'.repeat(40) } },
        ],
      },
      runDetails: {
        builder: { id: 'https://github.com/actions/runner/github-hosted' },
        metadata: { invocationId: `${repository}/actions/runs/1/attempts/1` },
      },
    },
  };
}
