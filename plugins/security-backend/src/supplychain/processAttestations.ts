import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_ARTIFACTS,
  Attestation,
} from '@devsecops/plugin-security-common';
import { ReportInput, field, isObject, obj } from '@devsecops/plugin-security-node';
import { IngestSink } from '../database/IngestWriter';
import { FormatRegistry } from '../service/FormatRegistry';
import { BundleFacts, MalformedBundleError, describeBundle, readBundle } from './bundleFacts';
import { BundleVerifier, VerifyContext } from './BundleVerifier';
import { ArtifactRef, parseArtifactList, parseArtifactRef, sameArtifact } from './digests';
import { OrganisationIdentity, identityPolicyFor } from './identityPolicy';
import { provenanceFacts } from './provenance';

const SBOM_PREDICATES: Record<string, string> = {
  'https://cyclonedx.org/bom': 'cyclonedx',
  'https://cyclonedx.org/bom/v1.4': 'cyclonedx',
  'https://cyclonedx.org/bom/v1.5': 'cyclonedx',
  'https://cyclonedx.org/bom/v1.6': 'cyclonedx',
  'https://spdx.dev/Document': 'spdx',
  'https://spdx.dev/Document/v2.3': 'spdx',
};
const VULN_PREDICATE = 'https://cosign.sigstore.dev/attestation/vuln/v1';

export interface AttestationContext {
  sink: IngestSink;
  entity?: Entity;
  /** The upload's `artifact` parameter: which of the entity's artifacts the bundles are about. */
  artifact?: string;
  verifier: BundleVerifier;
  organisation?: OrganisationIdentity;
  formats: FormatRegistry;
}

/**
 * Verifies the bundles a report carried and hands them to the store with their verdicts. A
 * bundle that is not a bundle fails the upload; one that does not verify is stored as failed,
 * since "someone uploaded a bad signature for this artifact" is itself worth showing. SBOM and
 * vulnerability-scan predicates flow on into the SBOM and findings tables.
 */
export async function processAttestations(ctx: AttestationContext): Promise<void> {
  for (const input of ctx.sink.takeAttestations()) {
    let facts: BundleFacts;
    let bundle;
    try {
      bundle = readBundle(input.bundle);
      facts = describeBundle(bundle);
    } catch (error) {
      if (error instanceof MalformedBundleError) throw new InputError(error.message);
      throw error;
    }
    const bundleJson = JSON.stringify(input.bundle);
    const bundleDigest = `sha256:${createHash('sha256').update(bundleJson).digest('hex')}`;
    // only the signed statement says what it is; a container's label is not signed
    const predicateType = facts.predicateType;
    const target = targetOf(facts, ctx);
    const context = verifyContextFor(target, ctx.entity, ctx.organisation);
    const verdict = ctx.verifier.verify(bundle, facts, bundleDigest, context);
    ctx.sink.storeAttestation({
      bundleDigest,
      bundle: bundleJson,
      mediaType: facts.mediaType,
      kind: facts.kind,
      artifact: target.artifact,
      requestedArtifact: ctx.artifact?.trim(),
      role: target.role,
      expectedDigest: target.expectedDigest,
      subjects: facts.subjects,
      subjectDigest: target.subjectDigest,
      predicateType,
      provenance: provenanceFacts(predicateType, facts.predicate),
      signer: verdict.signer,
      tlog: facts.tlog,
      verification: verdict.verification,
      contextKey: ctx.verifier.contextKey(context),
    });
    if (verdict.verification.status === 'verified' && target.role === 'artifact') {
      await forwardPredicate(predicateType, facts.predicate, ctx);
    } else if (forwardable(predicateType)) {
      ctx.sink.warning(
        `The ${predicateType} statement was not applied: only verified statements about the entity's own artifacts are`,
      );
    }
  }
}

export interface Target {
  artifact: string;
  role: Attestation['role'];
  expectedDigest?: string;
  /** Set when the upload or the entity names the artifact; a subject must then match it. */
  expectedName?: string;
  subjectDigest?: string;
}

/** What verifying a bundle for a target checks besides cryptography. */
export function verifyContextFor(
  target: Target,
  entity: Entity | undefined,
  organisation: OrganisationIdentity | undefined,
): VerifyContext {
  return {
    policy: target.role === 'artifact' ? identityPolicyFor(entity, organisation) : undefined,
    expectedDigest: target.expectedDigest,
    expectedName: target.expectedDigest ? undefined : target.expectedName,
  };
}

/**
 * Which artifact a bundle speaks about. The upload may say so; otherwise a subject that is one
 * of the entity's declared artifacts (by digest first, then by name) is one of its own; a
 * package URL the entity did not declare is a dependency; anything else is taken as the
 * entity's own build output, so the entity's identity policy applies to it. A digest the
 * entity declares always wins over one an upload states.
 */
export function targetOf(
  facts: Pick<BundleFacts, 'subjects'>,
  ctx: Pick<AttestationContext, 'entity' | 'artifact'>,
): Target {
  const declared = parseArtifactList(ctx.entity?.metadata.annotations?.[ANNOTATION_ARTIFACTS]);
  const first = facts.subjects[0];
  const carried = (d: ArtifactRef) => !!d.digest && facts.subjects.some(s => s.digest === d.digest);
  if (ctx.artifact?.trim()) {
    const ref = parseArtifactRef(ctx.artifact);
    const sameName = declared.filter(d => sameArtifact(ref.name, d.name));
    const known = sameName.find(carried) ?? sameName.find(d => d.digest) ?? sameName[0];
    const expectedDigest = known?.digest ?? ref.digest;
    return {
      artifact: known ? displayRef(known) : ctx.artifact.trim(),
      role: 'artifact',
      expectedDigest,
      expectedName: ref.name,
      subjectDigest: matchingDigest(facts, expectedDigest) ?? first?.digest,
    };
  }
  const byDigest = declared.find(carried);
  const byName =
    byDigest ??
    declared.find(d => facts.subjects.some(s => !!s.name && sameArtifact(s.name, d.name)));
  if (byName) {
    return {
      artifact: displayRef(byName),
      role: 'artifact',
      expectedDigest: byName.digest,
      expectedName: byName.name,
      subjectDigest: matchingDigest(facts, byName.digest) ?? first?.digest,
    };
  }
  const name = first?.name;
  return {
    artifact: name ?? first?.digest ?? 'unknown artifact',
    role: name?.startsWith('pkg:') ? 'dependency' : 'artifact',
    subjectDigest: first?.digest,
  };
}

function matchingDigest(facts: Pick<BundleFacts, 'subjects'>, expected: string | undefined) {
  return expected ? facts.subjects.find(s => s.digest === expected)?.digest : undefined;
}

export function displayRef(ref: ArtifactRef): string {
  return ref.digest && ref.digest !== ref.name ? `${ref.name}@${ref.digest}` : ref.name;
}

function forwardable(predicateType: string | undefined) {
  return !!predicateType && (predicateType in SBOM_PREDICATES || predicateType === VULN_PREDICATE);
}

async function forwardPredicate(
  predicateType: string | undefined,
  predicate: unknown,
  ctx: AttestationContext,
) {
  if (!predicateType || !isObject(predicate)) return;
  const sbomFormat = SBOM_PREDICATES[predicateType];
  if (sbomFormat) {
    await ctx.formats.resolve(sbomFormat, '').parse(jsonInput(predicate), ctx.sink);
    return;
  }
  if (predicateType === VULN_PREDICATE) {
    const result = field(obj(predicate, 'scanner'), 'result');
    if (!isObject(result)) return;
    const input = jsonInput(result);
    const head = JSON.stringify(result).slice(0, 4096);
    let format;
    try {
      format = ctx.formats.resolve(undefined, head);
    } catch {
      ctx.sink.warning('A vulnerability attestation carries a scan result in an unknown format');
      return;
    }
    await format.parse(input, ctx.sink);
  }
}

function jsonInput(value: unknown): ReportInput {
  const bytes = Buffer.from(JSON.stringify(value));
  return { size: bytes.length, open: () => Readable.from([bytes]) };
}
