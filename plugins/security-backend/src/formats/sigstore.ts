import { InputError } from '@backstage/errors';
import {
  ReportFormat,
  arr,
  field,
  isObject,
  obj,
  str,
} from '@devsecops/plugin-security-node';
import { readJsonDocument } from './readJsonDocument';

const MAX_ATTESTATIONS = 1000;

/** A Sigstore bundle (v0.1 to v0.3), with a message signature or a DSSE envelope. */
export const sigstoreBundleFormat: ReportFormat = {
  id: 'sigstore-bundle',
  displayName: 'Sigstore bundle',
  detect(head) {
    return /"mediaType"\s*:\s*"application\/vnd\.dev\.sigstore\.bundle/.test(head);
  },
  async parse(input, sink) {
    const bundle = await readJsonDocument(input, 'Sigstore bundle');
    if (!isObject(bundle) || !str(bundle, 'mediaType')?.startsWith('application/vnd.dev.sigstore.bundle')) {
      throw new InputError('This is not a Sigstore bundle (mediaType)');
    }
    await sink.attestation({ bundle });
  },
};

/** The npm registry's attestations response: `{ attestations: [{ predicateType, bundle }] }`. */
export const npmAttestationsFormat: ReportFormat = {
  id: 'npm-attestations',
  displayName: 'npm attestations',
  detect(head) {
    return /^\s*\{\s*"attestations"\s*:\s*\[/.test(head);
  },
  async parse(input, sink) {
    const doc = await readJsonDocument(input, 'npm attestations response');
    const items = arr(doc, 'attestations');
    if (!Array.isArray(field(doc, 'attestations'))) {
      throw new InputError('The npm attestations response has no attestations list');
    }
    if (items.length > MAX_ATTESTATIONS) {
      throw new InputError(`More than ${MAX_ATTESTATIONS} attestations in one response`);
    }
    for (const item of items) {
      const bundle = obj(item, 'bundle');
      if (!bundle) throw new InputError('An npm attestation has no bundle');
      await sink.attestation({ bundle, predicateType: str(item, 'predicateType', 512) });
    }
  },
};

/**
 * cosign's own bundle (`sign-blob --bundle`): signature, certificate and Rekor's signed entry
 * timestamp. It is the v0.1 Sigstore bundle in other words, and is verified as one.
 */
export const cosignBundleFormat: ReportFormat = {
  id: 'cosign-bundle',
  displayName: 'cosign bundle',
  detect(head) {
    return /"base64Signature"\s*:/.test(head);
  },
  async parse(input, sink) {
    const doc = await readJsonDocument(input, 'cosign bundle');
    await sink.attestation({ bundle: cosignToSigstoreBundle(doc) });
  },
};

export function cosignToSigstoreBundle(doc: unknown): unknown {
  const signature = str(doc, 'base64Signature');
  const certificate = str(doc, 'cert');
  const rekor = obj(doc, 'rekorBundle');
  const payload = rekor ? obj(rekor, 'Payload') : undefined;
  if (!signature) throw new InputError('The cosign bundle has no base64Signature');
  if (!certificate) {
    throw new InputError('The cosign bundle has no certificate; key-signed cosign bundles are not accepted');
  }
  if (!rekor || !payload) {
    throw new InputError('The cosign bundle has no Rekor entry, so it cannot be verified offline');
  }
  const body = str(payload, 'body', 1 << 20) ?? '';
  let entry: unknown;
  try {
    entry = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  } catch {
    throw new InputError('The Rekor entry body in the cosign bundle is not valid');
  }
  const hash = obj(obj(obj(entry, 'spec'), 'data'), 'hash');
  const digest = str(hash, 'value');
  if (str(entry, 'kind') !== 'hashedrekord' || !digest || str(hash, 'algorithm') !== 'sha256') {
    throw new InputError('Only cosign bundles of hashedrekord sha256 entries are supported');
  }
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: pemToDerBase64(certificate) }] },
      tlogEntries: [
        {
          logIndex: String(field(payload, 'logIndex') ?? ''),
          logId: { keyId: Buffer.from(str(payload, 'logID') ?? '', 'hex').toString('base64') },
          kindVersion: { kind: 'hashedrekord', version: str(entry, 'apiVersion') ?? '0.0.1' },
          integratedTime: String(field(payload, 'integratedTime') ?? ''),
          inclusionPromise: { signedEntryTimestamp: str(rekor, 'SignedEntryTimestamp') ?? '' },
          canonicalizedBody: body,
        },
      ],
    },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: Buffer.from(digest, 'hex').toString('base64') },
      signature,
    },
  };
}

/** cosign stores the certificate as base64 of its PEM text; the bundle wants DER. */
function pemToDerBase64(certificate: string): string {
  const text = certificate.includes('BEGIN CERTIFICATE')
    ? certificate
    : Buffer.from(certificate, 'base64').toString('utf8');
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(text)?.[1];
  if (!body) throw new InputError('The cosign bundle certificate is not a PEM certificate');
  return body.replace(/\s+/g, '');
}
