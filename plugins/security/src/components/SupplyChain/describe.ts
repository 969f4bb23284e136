import { Attestation } from '@devsecops/plugin-security-common';

const PREDICATES: Record<string, string> = {
  'https://slsa.dev/provenance/v0.2': 'SLSA provenance v0.2',
  'https://slsa.dev/provenance/v1': 'SLSA provenance v1',
  'https://github.com/npm/attestation/tree/main/specs/publish/v0.1': 'npm publish',
  'https://cyclonedx.org/bom': 'SBOM (CycloneDX)',
  'https://spdx.dev/Document': 'SBOM (SPDX)',
  'https://cosign.sigstore.dev/attestation/vuln/v1': 'Vulnerability scan',
};

/** What an attestation states, in words. */
export function describeStatement(a: Pick<Attestation, 'predicateType' | 'kind'>): string {
  if (a.kind === 'message-signature') return 'Signature';
  if (!a.predicateType) return 'Signed statement';
  return PREDICATES[a.predicateType] ?? a.predicateType;
}

/** Who signed: a certificate identity, or the key that signed without one. */
export function describeSigner(signer: Attestation['signer']): string {
  if (signer.identity) return signer.identity;
  if (signer.keyId) return `key ${signer.keyId}`;
  return 'unknown';
}

/** A digest short enough for a table cell; the full value is in the title. */
export function shortDigest(digest: string | undefined): string {
  if (!digest) return '—';
  const [algorithm, hex] = digest.split(':');
  return hex ? `${algorithm}:${hex.slice(0, 12)}…` : digest;
}
