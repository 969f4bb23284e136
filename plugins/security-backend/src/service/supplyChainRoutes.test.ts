import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { exampleReport } from '../formats/__testUtils__/collect';
import { fixture } from '../supplychain/__testUtils__/fixtures';
import { createTestSigstore, provenanceStatement } from '../supplychain/__testUtils__/testSigstore';
import { NOBODY, service, startBackend, user } from './__testUtils__/startSecurityBackend';

jest.setTimeout(60_000);

const IMAGE_DIGEST = `sha256:${'c'.repeat(64)}`;
const WORKFLOW = 'https://github.com/acme/payments-api/.github/workflows/release.yml@refs/heads/main';
const GITHUB = 'https://token.actions.githubusercontent.com';
const SIGSTORE_INTEGRITY_HEX =
  '7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36';

const component = (name: string, annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

/** A CycloneDX SBOM naming attested packages: one with its registry integrity, one without. */
const sbom = JSON.stringify({
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  components: [
    { type: 'library', name: 'sigstore', version: '1.0.0', purl: 'pkg:npm/sigstore@1.0.0', hashes: [{ alg: 'SHA-512', content: SIGSTORE_INTEGRITY_HEX }] },
    { type: 'library', name: 'tuf-js', version: '1.0.0', purl: 'pkg:npm/tuf-js@1.0.0' },
    { type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
  ],
});

describe('supply chain routes', () => {
  let sigstore: Awaited<ReturnType<typeof createTestSigstore>>;
  let entities: Entity[];
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let privateBackend: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    sigstore = await createTestSigstore();
  });

  beforeEach(async () => {
    entities = [
      component('checkout-web'),
      component('payments-api', {
        'github.com/project-slug': 'acme/payments-api',
        'security.devsecops.io/artifacts': `ghcr.io/acme/payments-api@${IMAGE_DIGEST}, ghcr.io/acme/payments-worker`,
      }),
    ];
    backend = await startBackend({ entities });
    // an organisation running its own Fulcio and Rekor points the plugin at their trusted root
    const dir = mkdtempSync(join(tmpdir(), 'trust-'));
    writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(sigstore.trustedRoot));
    privateBackend = await startBackend({
      entities,
      config: {
        security: {
          supplyChain: { trustedRootPath: join(dir, 'trusted_root.json') },
          // annotations change during a test; look the entity up on every read
          accessCache: { ttlSeconds: 0 },
        },
      },
    });
  });
  afterEach(async () => {
    await backend.stop();
    await privateBackend.stop();
  });

  const upload = (server: unknown, body: string, query: string) =>
    request(server as never)
      .post(`/api/security/v1/reports?${query}`)
      .set('Authorization', service())
      .set('Content-Type', 'application/octet-stream')
      .send(body);
  const read = (server: unknown, entity: string, what: string, auth = user()) =>
    request(server as never).get(`/api/security/v1/entities/component/default/${entity}/${what}`).set('Authorization', auth);

  it('verifies real npm attestations offline and shows provenance on matching SBOM components', async () => {
    const res = await upload(backend.server, JSON.stringify(fixture('npm-attestations-sigstore@1.0.0.json')), 'entityRef=component:default/checkout-web');
    expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
    expect(res.body).toMatchObject({ format: 'npm-attestations', counts: { attestations: 2, findings: 0 } });
    await upload(backend.server, JSON.stringify(fixture('npm-attestations-tuf-js@1.0.0.json')), 'entityRef=component:default/checkout-web');
    expect((await upload(backend.server, sbom, 'entityRef=component:default/checkout-web&source=sbom')).status).toBe(201);
    const wrongHash = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [{ type: 'library', name: 'tuf-js', version: '1.0.0', purl: 'pkg:npm/tuf-js@1.0.0', hashes: [{ alg: 'SHA-512', content: 'ab'.repeat(64) }] }],
    });
    expect((await upload(backend.server, wrongHash, 'entityRef=component:default/checkout-web&source=lockfile')).status).toBe(201);

    const list = await read(backend.server, 'checkout-web', 'attestations');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(4);
    const provenance = list.body.items.find(
      (a: any) => a.artifact === 'pkg:npm/sigstore@1.0.0' && a.predicateType === 'https://slsa.dev/provenance/v0.2',
    );
    expect(provenance).toMatchObject({
      role: 'dependency',
      subjectDigest: `sha512:${SIGSTORE_INTEGRITY_HEX}`,
      signer: { identity: 'https://github.com/sigstore/sigstore-js/.github/workflows/publish.yml@refs/tags/v1.0.0', issuer: GITHUB },
      transparencyLog: { logIndex: expect.stringMatching(/^\d+$/), integratedTime: expect.stringMatching(/^2023-/) },
      provenance: { sourceRepository: 'https://github.com/sigstore/sigstore-js', sourceRef: 'refs/tags/v1.0.0' },
      verification: { status: 'verified' },
    });
    expect(list.body.items.every((a: any) => a.verification.status === 'verified')).toBe(true);

    const components = (await read(backend.server, 'checkout-web', 'components')).body.items;
    const provenanceOf = (name: string, source: string) =>
      components.find((c: any) => c.name === name && c.source === source)?.provenance;
    expect(provenanceOf('sigstore', 'sbom')).toMatchObject({
      status: 'verified',
      signer: 'https://github.com/sigstore/sigstore-js/.github/workflows/publish.yml@refs/tags/v1.0.0',
      sourceRepository: 'https://github.com/sigstore/sigstore-js',
    });
    expect(provenanceOf('tuf-js', 'sbom')).toMatchObject({ status: 'failed', reason: expect.stringContaining('no SHA-512') });
    expect(provenanceOf('tuf-js', 'lockfile')).toEqual({ status: 'failed', reason: 'the attested package digest differs from the SBOM hash' });
    expect(provenanceOf('left-pad', 'sbom')).toBeUndefined();
  });

  it('tracks declared artifacts: verified, failed with a reason, unsigned', async () => {
    const statement = provenanceStatement({ name: 'ghcr.io/acme/payments-api', sha256: 'c'.repeat(64) }, 'https://github.com/acme/payments-api');
    const good = await sigstore.signStatement(statement, { identity: WORKFLOW, issuer: GITHUB });
    const first = await upload(privateBackend.server, JSON.stringify(good), 'entityRef=component:default/payments-api&source=release');
    expect(first.body).toMatchObject({ format: 'sigstore-bundle', counts: { attestations: 1 } });

    const tampered = JSON.parse(JSON.stringify(good));
    const sig = Buffer.from(tampered.dsseEnvelope.signatures[0].sig, 'base64');
    sig[12] ^= 0x01;
    tampered.dsseEnvelope.signatures[0].sig = sig.toString('base64');
    expect((await upload(privateBackend.server, JSON.stringify(tampered), 'entityRef=component:default/payments-api')).status).toBe(201);

    const list = (await read(privateBackend.server, 'payments-api', 'attestations')).body;
    expect(list.artifacts).toEqual([
      expect.objectContaining({ artifact: `ghcr.io/acme/payments-api@${IMAGE_DIGEST}`, declared: true, status: 'verified', signer: expect.objectContaining({ identity: WORKFLOW }) }),
      expect.objectContaining({ artifact: 'ghcr.io/acme/payments-worker', declared: true, status: 'unsigned' }),
    ]);
    const failed = list.items.find((a: any) => a.verification.status === 'failed');
    expect(failed.verification).toMatchObject({ failure: 'bad-signature', reason: expect.stringContaining('signature') });
    const verified = list.items.find((a: any) => a.verification.status === 'verified');
    expect(verified.verification.policy).toMatchObject({ source: 'project-slug', issuer: GITHUB });
    expect(verified.verification.checks).toEqual(expect.arrayContaining(['subject digest', 'signer identity']));

    const summary = (await read(privateBackend.server, 'payments-api', 'summary')).body;
    expect(summary.supplyChain).toEqual({ status: 'unsigned', artifacts: 2, verified: 1, failed: 0, unsigned: 1, attestations: 2 });
  });

  it('passes SBOM and vulnerability-scan predicates on into the SBOM and findings', async () => {
    const subject = { name: 'ghcr.io/acme/payments-api', digest: { sha256: 'c'.repeat(64) } };
    const sbomStatement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [subject],
      predicateType: 'https://cyclonedx.org/bom',
      predicate: JSON.parse(sbom),
    };
    const sbomBundle = await sigstore.signStatement(sbomStatement, { identity: WORKFLOW, issuer: GITHUB });
    const first = await upload(privateBackend.server, JSON.stringify(sbomBundle), 'entityRef=component:default/payments-api&source=image');
    expect(first.body).toMatchObject({ counts: { attestations: 1, components: 3 } });

    const vulnStatement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [subject],
      predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
      predicate: {
        invocation: { uri: 'https://github.com/acme/payments-api/actions/runs/1' },
        scanner: { uri: 'pkg:github/aquasecurity/trivy@0.56.1', version: '0.56.1', result: JSON.parse(exampleReport('payments-api.trivy.json').toString('utf8')) },
        metadata: { scanStartedOn: '2026-11-20T10:00:00Z', scanFinishedOn: '2026-11-20T10:01:00Z' },
      },
    };
    const vulnBundle = await sigstore.signStatement(vulnStatement, { identity: WORKFLOW, issuer: GITHUB });
    const second = await upload(privateBackend.server, JSON.stringify(vulnBundle), 'entityRef=component:default/payments-api&source=image');
    expect(second.body).toMatchObject({ counts: { attestations: 1, findings: 10 } });

    const summary = (await read(privateBackend.server, 'payments-api', 'summary')).body;
    expect(summary.components).toBe(3);
    expect(summary.lastReports).toContainEqual(
      expect.objectContaining({ tool: 'trivy', findings: 10, format: 'sigstore-bundle' }),
    );
    const list = (await read(privateBackend.server, 'payments-api', 'attestations')).body;
    expect(list.items.map((a: any) => a.predicateType).sort()).toEqual([
      'https://cosign.sigstore.dev/attestation/vuln/v1',
      'https://cyclonedx.org/bom',
    ]);
    expect(list.artifacts[0]).toMatchObject({ artifact: `ghcr.io/acme/payments-api@${IMAGE_DIGEST}`, status: 'verified' });
  });

  it('fails a bundle whose subject is not the artifact the upload names', async () => {
    const statement = provenanceStatement({ name: 'ghcr.io/acme/payments-worker', sha256: 'd'.repeat(64) }, 'https://github.com/acme/payments-api');
    const bundle = await sigstore.signStatement(statement, { identity: WORKFLOW, issuer: GITHUB });
    const artifact = encodeURIComponent(`ghcr.io/acme/payments-worker:1.4@sha256:${'e'.repeat(64)}`);
    await upload(privateBackend.server, JSON.stringify(bundle), `entityRef=component:default/payments-api&artifact=${artifact}`);
    const list = (await read(privateBackend.server, 'payments-api', 'attestations')).body;
    expect(list.items[0].verification).toMatchObject({ status: 'failed', failure: 'digest-mismatch' });
    expect(list.artifacts.find((a: any) => a.artifact === 'ghcr.io/acme/payments-worker')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining(`sha256:${'d'.repeat(64)}`),
    });
  });

  it('lets the declared digest win over an uploaded one, and keeps bundles per named artifact', async () => {
    const statement = provenanceStatement({ name: 'ghcr.io/acme/payments-api', sha256: 'd'.repeat(64) }, 'https://github.com/acme/payments-api');
    const other = await sigstore.signStatement(statement, { identity: WORKFLOW, issuer: GITHUB });
    const claim = encodeURIComponent(`ghcr.io/acme/payments-api@sha256:${'d'.repeat(64)}`);
    const res = await upload(privateBackend.server, JSON.stringify(other), `entityRef=component:default/payments-api&artifact=${claim}`);
    expect(res.status).toBe(201);
    // the same bytes for another artifact are another upload, not a duplicate
    const again = await upload(privateBackend.server, JSON.stringify(other), 'entityRef=component:default/payments-api&artifact=ghcr.io/acme/payments-worker');
    expect(again.status).toBe(201);
    const list = (await read(privateBackend.server, 'payments-api', 'attestations')).body;
    expect(list.items).toHaveLength(2);
    expect(list.items.map((a: any) => [a.artifact, a.verification.failure]).sort()).toEqual([
      [`ghcr.io/acme/payments-api@${IMAGE_DIGEST}`, 'digest-mismatch'],
      ['ghcr.io/acme/payments-worker', 'digest-mismatch'],
    ]);
    expect(list.artifacts.map((a: any) => a.status)).toEqual(['failed', 'failed']);
  });

  it('does not apply SBOM or scan statements from bundles that fail', async () => {
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'ghcr.io/acme/payments-api', digest: { sha256: 'c'.repeat(64) } }],
      predicateType: 'https://cyclonedx.org/bom',
      predicate: JSON.parse(sbom),
    };
    const foreign = await sigstore.signStatement(statement, { identity: 'https://github.com/evil/x/.github/workflows/a.yml@refs/heads/main', issuer: GITHUB });
    const res = await upload(privateBackend.server, JSON.stringify(foreign), 'entityRef=component:default/payments-api');
    expect(res.body).toMatchObject({ counts: { attestations: 1, components: 0 }, warnings: [expect.stringContaining('was not applied')] });
    expect((await read(privateBackend.server, 'payments-api', 'summary')).body.components).toBe(0);
  });

  it('renews a verdict when the entity’s identity policy changes', async () => {
    const statement = provenanceStatement({ name: 'ghcr.io/acme/payments-api', sha256: 'c'.repeat(64) }, 'https://github.com/acme/payments-api');
    await upload(privateBackend.server, JSON.stringify(await sigstore.signStatement(statement, { identity: WORKFLOW, issuer: GITHUB })), 'entityRef=component:default/payments-api');
    expect((await read(privateBackend.server, 'payments-api', 'summary')).body.supplyChain.verified).toBe(1);

    entities[1].metadata.annotations!['security.devsecops.io/signer-identity'] = 'https://github\\.com/acme/release-tooling/.+';
    const list = (await read(privateBackend.server, 'payments-api', 'attestations')).body;
    expect(list.items[0].verification).toMatchObject({ status: 'failed', failure: 'identity-mismatch', policy: { source: 'annotation' } });
    expect((await read(privateBackend.server, 'payments-api', 'summary')).body.supplyChain.status).toBe('failed');
  });

  it('rejects what is not a bundle with 400 and stores nothing', async () => {
    const broken = fixture('v02-msgsig-no-checkpoint.sigstore.json');
    const res = await upload(backend.server, JSON.stringify(broken), 'entityRef=component:default/checkout-web');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not a valid Sigstore bundle.*checkpoint/);
    const npm = await upload(backend.server, '{"attestations": [{"predicateType": "x"}]}', 'entityRef=component:default/checkout-web');
    expect(npm.status).toBe(400);
    expect((await read(backend.server, 'checkout-web', 'attestations')).body).toEqual({ artifacts: [], items: [] });
  });

  it('checks permission and visibility on reads', async () => {
    expect((await read(backend.server, 'checkout-web', 'attestations', user(NOBODY))).status).toBe(403);
    expect((await read(backend.server, 'nope', 'attestations')).status).toBe(404);
    expect((await request(backend.server as never).get('/api/security/v1/entities/component/default/checkout-web/attestations')).status).toBe(401);
  });
});
