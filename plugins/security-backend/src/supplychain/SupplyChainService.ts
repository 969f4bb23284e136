import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_ARTIFACTS,
  ArtifactSigning,
  Attestation,
  Component,
  ComponentProvenance,
  EntityAttestations,
  Page,
  SupplyChainSummary,
  VerificationStatus,
} from '@devsecops/plugin-security-common';
import { SecurityStore } from '../database/DatabaseSecurityStore';
import {
  AttestationRow,
  fromAttestationRow,
  verdictColumns,
} from '../database/attestationRows';
import { describeBundle, readBundle } from './bundleFacts';
import { displayRef, targetOf, verifyContextFor } from './processAttestations';
import { BundleVerifier, Verdict, VerifyContext } from './BundleVerifier';
import { artifactName, parseArtifactList, parseArtifactRef, sameArtifact } from './digests';
import { OrganisationIdentity } from './identityPolicy';

const RANK: Record<VerificationStatus, number> = { verified: 0, failed: 1, unsigned: 2 };

/**
 * Reads an entity's attestations with verdicts that hold for today's trust root and policy:
 * a stored verdict made under another root, identity policy or expected digest is renewed
 * from the stored bundle before it is shown.
 */
export class SupplyChainService {
  constructor(
    private readonly store: SecurityStore,
    readonly verifier: BundleVerifier,
    readonly organisation: OrganisationIdentity | undefined,
  ) {}

  /** `rows` may be read ahead, while the caller is being authorised. */
  async attestations(entity: Entity, readAhead?: AttestationRow[]): Promise<EntityAttestations> {
    const rows = readAhead ?? (await this.store.listAttestationRows(stringifyEntityRef(entity)));
    const items = await Promise.all(rows.map(row => this.current(row, entity)));
    return { artifacts: artifactsOf(entity, items), items };
  }

  async summary(entity: Entity, rows?: AttestationRow[]): Promise<SupplyChainSummary> {
    const { artifacts, items } = await this.attestations(entity, rows);
    const count = (s: VerificationStatus) => artifacts.filter(a => a.status === s).length;
    const summary = {
      artifacts: artifacts.length,
      verified: count('verified'),
      failed: count('failed'),
      unsigned: count('unsigned'),
      attestations: items.length,
    };
    return { status: overallStatus(summary), ...summary };
  }

  /** Adds the provenance of attested packages to a page of SBOM components. */
  async withProvenance(entity: Entity, page: Page<Component>): Promise<Page<Component>> {
    const entityRef = stringifyEntityRef(entity);
    const rows = await this.store.listAttestationRows(entityRef, 'dependency');
    if (rows.length === 0) return page;
    const byPackage = new Map<string, Attestation[]>();
    for (const row of rows) {
      const attestation = await this.current(row, entity);
      const key = artifactName(attestation.artifact);
      byPackage.set(key, [...(byPackage.get(key) ?? []), attestation]);
    }
    return {
      ...page,
      items: page.items.map(component => {
        const attestations = component.purl && byPackage.get(artifactName(component.purl));
        return attestations
          ? { ...component, provenance: provenanceOf(component, attestations) }
          : component;
      }),
    };
  }

  /**
   * The row with a verdict for today: which artifact it is about and what that requires are
   * worked out again from the entity's current annotations, and if that or the trust root
   * changed, the stored bundle is verified again.
   */
  private async current(row: AttestationRow, entity: Entity): Promise<Attestation> {
    const target = targetOf(
      { subjects: JSON.parse(row.subjects) },
      { entity, artifact: row.requested_artifact || undefined },
    );
    const context = verifyContextFor(target, entity, this.organisation);
    const key = this.verifier.contextKey(context);
    if (row.context_key === key) return fromAttestationRow(row);
    const verdict = this.reverify(row, context);
    const columns = verdictColumns(verdict.verification, verdict.signer, key, target);
    await this.store.renewVerdict(row.id, columns);
    return fromAttestationRow({ ...row, ...columns });
  }

  /** A stored bundle the libraries no longer accept is a failed verdict, not a failed page. */
  private reverify(row: AttestationRow, context: VerifyContext): Verdict {
    try {
      const bundle = readBundle(JSON.parse(row.bundle));
      return this.verifier.verify(bundle, describeBundle(bundle), row.bundle_digest, context);
    } catch (error) {
      return {
        signer: {
          identity: row.signer_identity ?? undefined,
          issuer: row.signer_issuer ?? undefined,
          keyId: row.signer_key_id ?? undefined,
        },
        verification: {
          status: 'failed',
          failure: 'malformed-bundle',
          reason: (error as Error).message,
          checks: [],
          policy: context.policy,
          verifiedAt: new Date().toISOString(),
        },
      };
    }
  }
}

/** The entity's worst artifact decides: one failed signature makes the entity failed. */
function overallStatus(counts: Pick<SupplyChainSummary, 'artifacts' | 'failed' | 'unsigned'>): SupplyChainSummary['status'] {
  if (counts.artifacts === 0) return 'none';
  if (counts.failed > 0) return 'failed';
  if (counts.unsigned > 0) return 'unsigned';
  return 'verified';
}

/**
 * One line per artifact: declared artifacts first, then any other attested one. An artifact is
 * verified when any of its attestations verifies; declared ones without any are unsigned.
 */
function artifactsOf(entity: Entity, items: Attestation[]): ArtifactSigning[] {
  const declared = parseArtifactList(entity.metadata.annotations?.[ANNOTATION_ARTIFACTS]);
  const credited = declared.map(() => [] as Attestation[]);
  const others = new Map<string, Attestation[]>();
  for (const item of items.filter(i => i.role === 'artifact')) {
    const name = parseArtifactRef(item.artifact).name;
    // an attestation counts for a declared artifact when it was checked against it (its
    // artifact is the declared one) or signs its digest; another version's bundle does not
    const index = declared.findIndex(
      d =>
        item.artifact === displayRef(d) ||
        (sameArtifact(name, d.name) &&
          (!d.digest || item.subjects.some(s => s.digest === d.digest))),
    );
    if (index >= 0) {
      credited[index].push(item);
    } else {
      others.set(item.artifact, [...(others.get(item.artifact) ?? []), item]);
    }
  }
  return [
    ...declared.map((ref, i) => signingOf(displayRef(ref), true, credited[i], ref.digest)),
    ...[...others.values()].map(list => signingOf(list[0].artifact, false, list, list[0].subjectDigest)),
  ];
}

function signingOf(
  artifact: string,
  declared: boolean,
  attestations: Attestation[],
  digest: string | undefined,
): ArtifactSigning {
  if (attestations.length === 0) {
    return { artifact, digest, declared, status: 'unsigned', reason: 'no signature has been uploaded for this artifact' };
  }
  const best = [...attestations].sort(
    (a, b) => RANK[a.verification.status] - RANK[b.verification.status],
  )[0];
  const provenance = attestations.find(a => a.verification.status === 'verified' && a.provenance)?.provenance;
  return {
    artifact,
    digest: digest ?? best.subjectDigest,
    declared,
    status: best.verification.status,
    reason: best.verification.status === 'verified' ? undefined : best.verification.reason,
    signer: best.signer,
    provenance,
  };
}

/**
 * A package's provenance as the SBOM table shows it. The attestation must sign the very bytes
 * the SBOM lists, so the SBOM's SHA-512 (npm's integrity) must be there and agree.
 */
function provenanceOf(component: Component, attestations: Attestation[]): ComponentProvenance {
  const verified = attestations.filter(a => a.verification.status === 'verified');
  const sbomDigest = Object.entries(component.hashes ?? {}).find(
    ([algorithm]) => algorithm.replace('-', '').toLowerCase() === 'sha512',
  )?.[1];
  if (!sbomDigest) {
    return { status: 'failed', reason: 'the SBOM gives no SHA-512 for this package to compare with the attestation' };
  }
  const expected = `sha512:${sbomDigest.toLowerCase()}`;
  const agreeing = verified.filter(a => a.subjects.some(s => s.digest === expected));
  const chosen = agreeing.find(a => a.provenance) ?? agreeing[0];
  if (!chosen) {
    const reason =
      verified.length > 0
        ? 'the attested package digest differs from the SBOM hash'
        : attestations[0].verification.reason;
    return { status: 'failed', reason };
  }
  return {
    status: 'verified',
    signer: chosen.signer.identity ?? (chosen.signer.keyId ? `key ${chosen.signer.keyId}` : undefined),
    builderId: chosen.provenance?.builderId,
    sourceRepository: chosen.provenance?.sourceRepository,
    sourceCommit: chosen.provenance?.sourceCommit,
  };
}
