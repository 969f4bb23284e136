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
import { ArtifactRef, artifactName, parseArtifactList, parseArtifactRef } from './digests';
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
    const predicateType = facts.predicateType ?? input.predicateType;
    const target = targetOf(facts, ctx);
    const context: VerifyContext = {
      policy: target.role === 'artifact' ? identityPolicyFor(ctx.entity, ctx.organisation) : undefined,
      expectedDigest: target.expectedDigest,
    };
    const verdict = ctx.verifier.verify(bundle, facts, bundleDigest, context);
    ctx.sink.storeAttestation({
      bundleDigest,
      bundle: bundleJson,
      mediaType: facts.mediaType,
      kind: facts.kind,
      artifact: target.artifact,
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
    await forwardPredicate(predicateType, facts.predicate, ctx);
  }
}

interface Target {
  artifact: string;
  role: Attestation['role'];
  expectedDigest?: string;
  subjectDigest?: string;
}

/**
 * Which artifact a bundle speaks about. The upload may say so; otherwise a subject that is one
 * of the entity's declared artifacts is one of its own; a package URL the entity did not
 * declare is a dependency; anything else is taken as the entity's own build output, so the
 * entity's identity policy applies to it.
 */
export function targetOf(facts: BundleFacts, ctx: Pick<AttestationContext, 'entity' | 'artifact'>): Target {
  const declared = parseArtifactList(ctx.entity?.metadata.annotations?.[ANNOTATION_ARTIFACTS]);
  const first = facts.subjects[0];
  if (ctx.artifact) {
    const ref = parseArtifactRef(ctx.artifact);
    const known = declared.find(d => d.name === ref.name);
    const expectedDigest = ref.digest ?? known?.digest;
    return {
      artifact: ctx.artifact.trim(),
      role: 'artifact',
      expectedDigest,
      subjectDigest: matchingDigest(facts, expectedDigest) ?? first?.digest,
    };
  }
  for (const subject of facts.subjects) {
    const match = declared.find(d => matches(d, subject.name, subject.digest));
    if (match) {
      return {
        artifact: displayRef(match),
        role: 'artifact',
        expectedDigest: match.digest,
        subjectDigest: subject.digest,
      };
    }
  }
  const name = first?.name;
  return {
    artifact: name ?? first?.digest ?? 'unknown artifact',
    role: name?.startsWith('pkg:') ? 'dependency' : 'artifact',
    subjectDigest: first?.digest,
  };
}

function matches(declared: ArtifactRef, name: string | undefined, digest: string): boolean {
  if (declared.digest && declared.digest === digest) return true;
  // Same name, other digest: still this artifact, and verification reports the mismatch.
  return !!name && artifactName(name) === declared.name;
}

function matchingDigest(facts: BundleFacts, expected: string | undefined) {
  return expected ? facts.subjects.find(s => s.digest === expected)?.digest : undefined;
}

function displayRef(ref: ArtifactRef): string {
  return ref.digest && ref.digest !== ref.name ? `${ref.name}@${ref.digest}` : ref.name;
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
