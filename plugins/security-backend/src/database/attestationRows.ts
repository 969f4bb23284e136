import { Knex } from 'knex';
import {
  Attestation,
  AttestationSubject,
  AttestationVerification,
  ProvenanceFacts,
} from '@devsecops/plugin-security-common';

/** An attestation ready to store: the bundle, what it claims, and its verdict. */
export interface AttestationRecord {
  bundleDigest: string;
  bundle: string;
  mediaType: string;
  kind: Attestation['kind'];
  artifact: string;
  /** The upload's `artifact` parameter, as given. */
  requestedArtifact?: string;
  role: Attestation['role'];
  expectedDigest?: string;
  subjects: AttestationSubject[];
  subjectDigest?: string;
  predicateType?: string;
  provenance?: ProvenanceFacts;
  signer: Attestation['signer'];
  tlog?: { logIndex: string; logId?: string; integratedTime?: Date };
  verification: AttestationVerification;
  contextKey: string;
}

export interface AttestationRow {
  id: string;
  entity_ref: string;
  report_id: string;
  source_label: string;
  bundle_digest: string;
  bundle: string;
  media_type: string;
  kind: string;
  artifact: string;
  requested_artifact: string;
  role: string;
  expected_digest: string | null;
  subject_digest: string | null;
  subjects: string;
  predicate_type: string | null;
  provenance: string | null;
  signer_identity: string | null;
  signer_issuer: string | null;
  signer_key_id: string | null;
  log_index: string | null;
  log_id: string | null;
  integrated_time: Date | string | null;
  status: string;
  failure: string | null;
  reason: string | null;
  checks: string;
  policy: string | null;
  context_key: string;
  verified_at: Date | string;
  uploaded_at: Date | string;
}

/** The columns a verdict occupies, for writing a renewed one. */
export function verdictColumns(
  verification: AttestationVerification,
  signer: Attestation['signer'],
  contextKey: string,
  target?: { artifact: string; role: Attestation['role']; expectedDigest?: string },
) {
  return {
    ...(target
      ? { artifact: target.artifact, role: target.role, expected_digest: target.expectedDigest ?? null }
      : {}),
    status: verification.status,
    failure: verification.failure ?? null,
    reason: verification.reason ?? null,
    checks: JSON.stringify(verification.checks),
    policy: verification.policy ? JSON.stringify(verification.policy) : null,
    signer_identity: signer.identity ?? null,
    signer_issuer: signer.issuer?.slice(0, 512) ?? null,
    signer_key_id: signer.keyId?.slice(0, 255) ?? null,
    context_key: contextKey,
    verified_at: verification.verifiedAt ? new Date(verification.verifiedAt) : new Date(),
  };
}

export function toAttestationRow(
  record: AttestationRecord,
  ctx: { id: string; entityRef: string; reportId: string; sourceLabel: string; now: Date },
): AttestationRow {
  return {
    id: ctx.id,
    entity_ref: ctx.entityRef,
    report_id: ctx.reportId,
    source_label: ctx.sourceLabel,
    bundle_digest: record.bundleDigest,
    bundle: record.bundle,
    media_type: record.mediaType.slice(0, 128),
    kind: record.kind,
    artifact: record.artifact,
    requested_artifact: record.requestedArtifact ?? '',
    role: record.role,
    expected_digest: record.expectedDigest ?? null,
    subject_digest: record.subjectDigest ?? null,
    subjects: JSON.stringify(record.subjects),
    predicate_type: record.predicateType?.slice(0, 512) ?? null,
    provenance: record.provenance ? JSON.stringify(record.provenance) : null,
    log_index: record.tlog?.logIndex.slice(0, 32) ?? null,
    log_id: record.tlog?.logId?.slice(0, 128) ?? null,
    integrated_time: record.tlog?.integratedTime ?? null,
    uploaded_at: ctx.now,
    ...verdictColumns(record.verification, record.signer, record.contextKey),
  };
}

/** Columns a re-upload of the same bundle replaces; identity and first upload stay. */
export const ATTESTATION_MERGE_COLUMNS = [
  'report_id',
  'source_label',
  'artifact',
  'role',
  'expected_digest',
  'subject_digest',
  'predicate_type',
  'provenance',
  'status',
  'failure',
  'reason',
  'checks',
  'policy',
  'signer_identity',
  'signer_issuer',
  'signer_key_id',
  'context_key',
  'verified_at',
] as const;

export function fromAttestationRow(row: AttestationRow): Attestation {
  const time = (v: Date | string | null) => (v ? new Date(v).toISOString() : undefined);
  return {
    id: row.id,
    entityRef: row.entity_ref,
    artifact: row.artifact,
    role: row.role === 'dependency' ? 'dependency' : 'artifact',
    subjectDigest: row.subject_digest ?? undefined,
    subjects: JSON.parse(row.subjects),
    kind: row.kind === 'dsse' ? 'dsse' : 'message-signature',
    mediaType: row.media_type,
    predicateType: row.predicate_type ?? undefined,
    signer: {
      identity: row.signer_identity ?? undefined,
      issuer: row.signer_issuer ?? undefined,
      keyId: row.signer_key_id ?? undefined,
    },
    transparencyLog: row.log_index
      ? {
          logIndex: row.log_index,
          logId: row.log_id ?? undefined,
          integratedTime: time(row.integrated_time),
        }
      : undefined,
    provenance: row.provenance ? JSON.parse(row.provenance) : undefined,
    verification: {
      status: row.status as AttestationVerification['status'],
      failure: (row.failure ?? undefined) as AttestationVerification['failure'],
      reason: row.reason ?? undefined,
      checks: JSON.parse(row.checks),
      policy: row.policy ? JSON.parse(row.policy) : undefined,
      verifiedAt: time(row.verified_at),
    },
    bundleDigest: row.bundle_digest,
    source: row.source_label || undefined,
    uploadedAt: time(row.uploaded_at)!,
  };
}

export async function writeAttestations(tx: Knex.Transaction, rows: AttestationRow[]) {
  for (let i = 0; i < rows.length; i += 200) {
    await tx('security_attestations')
      .insert(rows.slice(i, i + 200))
      .onConflict(['entity_ref', 'bundle_digest', 'requested_artifact'])
      .merge([...ATTESTATION_MERGE_COLUMNS]);
  }
}
