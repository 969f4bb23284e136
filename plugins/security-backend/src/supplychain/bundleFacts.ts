import { Bundle, ValidationError, bundleFromJSON } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { AttestationSubject } from '@devsecops/plugin-security-common';
import { arr, field, isObject, str } from '@devsecops/plugin-security-node';
import { digestsOf } from './digests';

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const OID_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const OID_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
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
  certificate?: { notBefore: Date; notAfter: Date };
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
      integratedTime: seconds > 0 ? new Date(seconds * 1000) : undefined,
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
    const v2 = cert.extension(OID_ISSUER_V2);
    facts.signer.issuer = v2
      ? v2.valueObj.subs?.[0]?.value.toString('utf8')
      : cert.extension(OID_ISSUER_V1)?.value.toString('utf8');
    facts.certificate = { notBefore: cert.notBefore, notAfter: cert.notAfter };
  } catch {
    // An unreadable certificate fails verification with its own reason.
  }
}
