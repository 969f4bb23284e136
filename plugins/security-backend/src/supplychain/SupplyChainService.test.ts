import { Entity } from '@backstage/catalog-model';
import { SecurityStore } from '../database/DatabaseSecurityStore';
import { AttestationRow } from '../database/attestationRows';
import { BundleVerifier } from './BundleVerifier';
import { SupplyChainService } from './SupplyChainService';
import { CONFORMANCE_DIGEST, fixture, publicGoodTrust } from './__testUtils__/fixtures';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web', namespace: 'default' },
};

function row(overrides: Partial<AttestationRow>): AttestationRow {
  return {
    id: 'a1',
    entity_ref: 'component:default/web',
    report_id: 'r1',
    source_label: '',
    bundle_digest: 'sha256:b1',
    bundle: JSON.stringify(fixture('conformance-v03-msgsig-happy-path.sigstore.json')),
    media_type: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    kind: 'message-signature',
    artifact: 'a.txt',
    requested_artifact: `a.txt@${CONFORMANCE_DIGEST}`,
    role: 'artifact',
    expected_digest: null,
    subject_digest: null,
    subjects: JSON.stringify([{ digest: CONFORMANCE_DIGEST }]),
    predicate_type: null,
    provenance: null,
    signer_identity: 'someone',
    signer_issuer: 'https://issuer',
    signer_key_id: null,
    log_index: null,
    log_id: null,
    integrated_time: null,
    status: 'failed',
    failure: 'identity-mismatch',
    reason: 'old verdict',
    checks: '[]',
    policy: null,
    context_key: 'stale',
    verified_at: new Date(0),
    uploaded_at: new Date(0),
    ...overrides,
  };
}

function service(rows: AttestationRow[]) {
  const renewed: Array<{ id: string; status: string }> = [];
  const store = {
    listAttestationRows: async () => rows,
    renewVerdict: async (id: string, columns: { status: string }) => void renewed.push({ id, status: columns.status }),
  } as unknown as SecurityStore;
  return { supplyChain: new SupplyChainService(store, new BundleVerifier(publicGoodTrust()), undefined), renewed };
}

describe('SupplyChainService', () => {
  it('renews a verdict made under another trust root or policy, and keeps a current one', async () => {
    const { supplyChain, renewed } = service([row({})]);
    const first = await supplyChain.attestations(entity);
    expect(first.items[0].verification.status).toBe('verified');
    expect(renewed).toEqual([{ id: 'a1', status: 'verified' }]);

    const key = supplyChain.verifier.contextKey({ policy: { source: 'none' }, expectedDigest: CONFORMANCE_DIGEST });
    const current = service([row({ context_key: key })]);
    expect((await current.supplyChain.attestations(entity)).items[0].verification.reason).toBe('old verdict');
    expect(current.renewed).toEqual([]);
  });

  it('turns a stored bundle that no longer reads into a failed verdict instead of an error', async () => {
    const { supplyChain } = service([row({ bundle: '{"mediaType":"nonsense"}' })]);
    const { items, artifacts } = await supplyChain.attestations(entity);
    expect(items[0].verification).toMatchObject({ status: 'failed', failure: 'malformed-bundle' });
    expect(items[0].signer).toEqual({ identity: 'someone', issuer: 'https://issuer', keyId: undefined });
    expect(artifacts).toEqual([
      expect.objectContaining({ artifact: `a.txt@${CONFORMANCE_DIGEST}`, status: 'failed', declared: false }),
    ]);
  });
});
