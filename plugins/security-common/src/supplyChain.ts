/** Outcome of checking an artifact's signatures. */
export const VERIFICATION_STATUSES = ['verified', 'failed', 'unsigned'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** Why a verification failed, as a stable code the UI and policies can rely on. */
export type VerificationFailure =
  | 'malformed-bundle'
  | 'bad-signature'
  | 'digest-mismatch'
  | 'untrusted-certificate'
  | 'certificate-expired'
  | 'missing-sct'
  | 'untrusted-key'
  | 'tlog-mismatch'
  | 'tlog-proof-invalid'
  | 'no-trusted-timestamp'
  | 'identity-mismatch'
  | 'unsupported';

/** The identity a signature must come from, and where that expectation was configured. */
export interface IdentityPolicy {
  issuer?: string;
  /** A regular expression the certificate's subject alternative name must match. */
  subjectPattern?: string;
  /** The repository the build must have run for, when the certificate names one. */
  sourceRepository?: string;
  /** Set when the configuration cannot be met for this entity; nothing verifies then. */
  unsatisfiable?: string;
  source: 'annotation' | 'config' | 'project-slug' | 'none';
}

export interface AttestationVerification {
  status: VerificationStatus;
  failure?: VerificationFailure;
  reason?: string;
  /** What was checked and passed, in order (signature, certificate chain, SCT, log, ...). */
  checks: string[];
  policy?: IdentityPolicy;
  verifiedAt?: string;
}

/** Facts read from SLSA provenance (v0.2 or v1). */
export interface ProvenanceFacts {
  slsaVersion: string;
  builderId?: string;
  buildType?: string;
  sourceRepository?: string;
  sourceCommit?: string;
  sourceRef?: string;
  workflow?: string;
  invocationId?: string;
}

export interface AttestationSubject {
  name?: string;
  digest: string;
}

/** One signed statement about an artifact, as uploaded and as verified. */
export interface Attestation {
  id: string;
  entityRef: string;
  /** The artifact this attestation is about: the upload's `artifact` or the subject's name. */
  artifact: string;
  /** `artifact` for what the entity builds, `dependency` for packages it consumes. */
  role: 'artifact' | 'dependency';
  subjectDigest?: string;
  subjects: AttestationSubject[];
  kind: 'message-signature' | 'dsse';
  mediaType: string;
  predicateType?: string;
  signer: {
    identity?: string;
    issuer?: string;
    keyId?: string;
  };
  transparencyLog?: {
    logIndex: string;
    logId?: string;
    integratedTime?: string;
  };
  provenance?: ProvenanceFacts;
  verification: AttestationVerification;
  bundleDigest: string;
  source?: string;
  uploadedAt: string;
}

/** The signing state of one artifact: the best of its attestations, or `unsigned`. */
export interface ArtifactSigning {
  artifact: string;
  digest?: string;
  declared: boolean;
  status: VerificationStatus;
  reason?: string;
  signer?: Attestation['signer'];
  provenance?: ProvenanceFacts;
}

export interface SupplyChainSummary {
  /** `none` when the entity has neither declared artifacts nor attestations. */
  status: VerificationStatus | 'none';
  artifacts: number;
  verified: number;
  failed: number;
  unsigned: number;
  /** All stored attestations, dependencies' included. */
  attestations: number;
}

export interface EntityAttestations {
  artifacts: ArtifactSigning[];
  items: Attestation[];
}

/** Provenance shown next to an SBOM component whose package attestations were uploaded. */
export interface ComponentProvenance {
  status: VerificationStatus;
  reason?: string;
  /** Who signed the provenance: a build identity, or the registry key for publish-only. */
  signer?: string;
  builderId?: string;
  sourceRepository?: string;
  sourceCommit?: string;
}
