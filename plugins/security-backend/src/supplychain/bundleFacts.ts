import { Bundle, ValidationError, bundleFromJSON } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { AttestationSubject } from '@devsecops/plugin-security-common';
import { arr, field, isObject, str } from '@devsecops/plugin-security-node';
import { digestsOf } from './digests';

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const OID_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const OID_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
// Fulcio's build-metadata extensions; the v1 ones (raw strings) predate March 2023
const OID_SOURCE_REPOSITORY_URI = '1.3.6.1.4.1.57264.1.12';
const OID_SOURCE_REPOSITORY_DIGEST = '1.3.6.1.4.1.57264.1.13';
const OID_GITHUB_REPOSITORY_V1 = '1.3.6.1.4.1.57264.1.5';
const OID_GITHUB_SHA_V1 = '1.3.6.1.4.1.57264.1.3';
/** Latest time a JavaScript Date can hold, in seconds. */
const MAX_DATE_SECONDS = 8.64e12;
const HASH_NAMES: Record<number, string> = { 0: 'sha256', 1: 'sha256', 2: 'sha384', 3: 'sha512' };

/** The bundle is not a Sigstore bundle at all; verification never starts. */
export class MalformedBundleError extends Error {
  name = 'MalformedBundleError';
}

/** Everything about a bundle that can be read without trusting it. */
export interface BundleFacts {
  mediaType: string;
  kind: 'message-signature' | 'dsse';
  subjects: AttestationSubject[];
  predicateType?: string;
  predicate?: unknown;
  /** The certificate's (or key hint's) claims, shown even when verification fails. */
  signer: { identity?: string; issuer?: string; keyId?: string };
  certificate?: {
    notBefore: Date;
    notAfter: Date;
    /** The repository and commit Fulcio saw in the OIDC token of the build that signed. */
    sourceRepository?: string;
    sourceCommit?: string;
  };
  tlog?: { logIndex: string; logId?: string; integratedTime?: Date };
}

export function readBundle(json: unknown): Bundle {
  try {
    return bundleFromJSON(json);
  } catch (error) {
    const fields =
      error instanceof ValidationError && error.fields?.length
        ? ` (${error.fields.join(', ')})`
        : '';
    throw new MalformedBundleError(`not a valid Sigstore bundle: ${(error as Error).message}${fields}`);
  }
}

export function describeBundle(bundle: Bundle): BundleFacts {
  const facts: BundleFacts = {
    mediaType: bundle.mediaType,
    kind: bundle.content.$case === 'dsseEnvelope' ? 'dsse' : 'message-signature',
    subjects: [],
    signer: {},
  };
  if (bundle.content.$case === 'dsseEnvelope') {
    readStatement(bundle.content.dsseEnvelope.payloadType, bundle.content.dsseEnvelope.payload, facts);
  } else {
    const { messageDigest } = bundle.content.messageSignature;
    if (messageDigest) {
      const algorithm = HASH_NAMES[messageDigest.algorithm] ?? 'sha256';
      facts.subjects.push({ digest: `${algorithm}:${messageDigest.digest.toString('hex')}` });
    }
  }
  readSigner(bundle, facts);
  const entry = bundle.verificationMaterial.tlogEntries[0];
  if (entry) {
    const seconds = Number(entry.integratedTime);
    facts.tlog = {
      logIndex: entry.logIndex,
      logId: entry.logId?.keyId.toString('hex'),
      integratedTime:
        Number.isFinite(seconds) && seconds > 0 && seconds < MAX_DATE_SECONDS
          ? new Date(seconds * 1000)
          : undefined,
    };
  }
  return facts;
}

function readStatement(payloadType: string, payload: Buffer, facts: BundleFacts) {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) return;
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    return; // the signature still covers the bytes; there is just nothing to read from them
  }
  if (!isObject(statement)) return;
  facts.predicateType = str(statement, 'predicateType', 512);
  facts.predicate = field(statement, 'predicate');
  for (const subject of arr(statement, 'subject').slice(0, 1000)) {
    const name = str(subject, 'name', 1024);
    for (const digest of digestsOf(field(subject, 'digest'))) {
      facts.subjects.push({ name, digest });
    }
  }
}

function readSigner(bundle: Bundle, facts: BundleFacts) {
  const material = bundle.verificationMaterial.content;
  if (material.$case === 'publicKey') {
    facts.signer.keyId = material.publicKey.hint;
    return;
  }
  const der =
    material.$case === 'certificate'
      ? material.certificate.rawBytes
      : material.x509CertificateChain.certificates[0]?.rawBytes;
  if (!der) return;
  try {
    const cert = X509Certificate.parse(der);
    facts.signer.identity = cert.subjectAltName;
    facts.signer.issuer =
      utf8Extension(cert, OID_ISSUER_V2) ?? rawExtension(cert, OID_ISSUER_V1);
    const legacyRepository = rawExtension(cert, OID_GITHUB_REPOSITORY_V1);
    facts.certificate = {
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      sourceRepository:
        utf8Extension(cert, OID_SOURCE_REPOSITORY_URI) ??
        (legacyRepository ? `https://github.com/${legacyRepository}` : undefined),
      sourceCommit:
        utf8Extension(cert, OID_SOURCE_REPOSITORY_DIGEST) ?? rawExtension(cert, OID_GITHUB_SHA_V1),
    };
  } catch {
    // An unreadable certificate fails verification with its own reason.
  }
}

/** A v2 Fulcio extension: the value is a DER UTF8String. */
function utf8Extension(cert: X509Certificate, oid: string): string | undefined {
  return cert.extension(oid)?.valueObj.subs?.[0]?.value.toString('utf8');
}

/** A v1 Fulcio extension: the value is the raw string. */
function rawExtension(cert: X509Certificate, oid: string): string | undefined {
  return cert.extension(oid)?.value.toString('utf8');
}
