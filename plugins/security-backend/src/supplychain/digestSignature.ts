import { KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/p256';
import { p384 } from '@noble/curves/p384';
import type { SignedEntity } from '@sigstore/verify';

type SignatureContent = SignedEntity['signature'];

const CURVES = { 'P-256': p256, 'P-384': p384 } as const;

/**
 * A message signature checked against the bundle's message digest instead of the artifact's
 * bytes, which an upload does not carry. ECDSA signs the digest, so verifying over it is the
 * same check; the digest itself is then compared with the artifact's by the caller.
 */
export function signatureOverDigest(
  content: SignatureContent,
  digest: Buffer,
): SignatureContent {
  return {
    signature: content.signature,
    compareSignature: s => content.compareSignature(s),
    compareDigest: d => content.compareDigest(d),
    compareSignedDigest: d => content.compareSignedDigest(d),
    verifySignature: key => verifyPrehashed(key, digest, content.signature),
  };
}

function verifyPrehashed(key: KeyObject, digest: Buffer, signature: Buffer): boolean {
  if (key.asymmetricKeyType !== 'ec') return false;
  const jwk = key.export({ format: 'jwk' });
  const curve = CURVES[jwk.crv as keyof typeof CURVES];
  if (!curve || !jwk.x || !jwk.y) return false;
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url'),
  ]);
  try {
    return curve.verify(signature, digest, point, { format: 'der', lowS: false });
  } catch {
    return false;
  }
}
