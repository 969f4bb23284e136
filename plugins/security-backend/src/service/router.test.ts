import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { exampleReport } from '../formats/__testUtils__/collect';
import { NOBODY, service, startBackend, user } from './__testUtils__/startSecurityBackend';

jest.setTimeout(60_000);

const sarif = exampleReport('security-portal.eslint.sarif');

describe('security router', () => {
  let server: Awaited<ReturnType<typeof startBackend>>['server'];
  let events: Awaited<ReturnType<typeof startBackend>>['events'];
  let stop: () => Promise<void>;

  beforeEach(async () => {
    ({ server, events, stop } = await startBackend({ config: { security: { ingest: { maxReportBytes: 200_000 } } } }));
  });
  afterEach(() => stop());

  const upload = (body: Buffer | string, query = 'entityRef=component:default/payments-api', auth = service()) =>
    request(server)
      .post(`/api/security/v1/reports?${query}`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/octet-stream')
      .send(body);

  const summary = (auth = user()) =>
    request(server).get('/api/security/v1/entities/component/default/payments-api/summary').set('Authorization', auth);

  it('ingests a gzip upload, answers a repeat with the same report, and serves it', async () => {
    const gz = gzipSync(sarif);
    const first = await upload(gz).set('Content-Encoding', 'gzip');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      entityRef: 'component:default/payments-api',
      format: 'sarif',
      counts: { findings: 4, components: 0, attestations: 0, controls: 0 },
    });
    const repeat = await upload(gz).set('Content-Encoding', 'gzip');
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(first.body.id);

    const s = await summary();
    expect(s.status).toBe(200);
    // the react-hooks result carries an eslint-disable comment: ESLint reports it suppressed
    expect(s.body.totals).toEqual({ open: 3, fixed: 0, suppressed: 1 });
    expect(s.body.lastReports).toEqual([expect.objectContaining({ tool: 'ESLint', reportId: first.body.id })]);

    const findings = await request(server)
      .get('/api/security/v1/entities/component/default/payments-api/findings?severity=high,medium&limit=2&sort=title')
      .set('Authorization', user());
    expect(findings.status).toBe(200);
    expect(findings.body.items).toHaveLength(2);
    expect(findings.body.totalCount).toBe(4);
    const next = await request(server)
      .get(`/api/security/v1/entities/component/default/payments-api/findings?severity=high&severity=medium&limit=2&sort=title&cursor=${findings.body.nextCursor}`)
      .set('Authorization', user());
    expect(next.body.items).toHaveLength(2);
    expect(next.body.nextCursor).toBeUndefined();
    expect(events).toEqual([
      { eventId: 'report-upload', outcome: 'success' },
      { eventId: 'report-upload', outcome: 'success' },
    ]);
  });

  it('detects gzip from the bytes even without Content-Encoding, and takes a named format', async () => {
    const res = await upload(gzipSync(exampleReport('checkout-web.spdx.json')), 'entityRef=component:default/payments-api&format=spdx&source=sbom:repo');
    expect(res.status).toBe(201);
    expect(res.body.counts.components).toBe(10);
    const components = await request(server)
      .get('/api/security/v1/entities/component/default/payments-api/components?q=react')
      .set('Authorization', user());
    expect(components.body.items.map((c: { name: string }) => c.name)).toEqual(['react', 'react-dom']);
  });

  it('answers 401 without credentials', async () => {
    expect((await request(server).post('/api/security/v1/reports?entityRef=component:default/payments-api').send(sarif)).status).toBe(401);
    expect((await request(server).get('/api/security/v1/entities/component/default/payments-api/summary')).status).toBe(401);
  });

  it('answers 403 without the permission, and audits the refusal of nothing', async () => {
    expect((await upload(sarif, undefined, user(NOBODY))).status).toBe(403);
    expect((await summary(user(NOBODY))).status).toBe(403);
    // refused callers learn nothing about which entities exist
    const missing = await request(server)
      .get('/api/security/v1/entities/component/default/nope/findings')
      .set('Authorization', user(NOBODY));
    expect(missing.status).toBe(403);
    expect(events).toEqual([]);
  });

  it('answers 404 for entities missing from the catalog or hidden from the caller', async () => {
    const missing = await upload(sarif, 'entityRef=component:default/nope');
    expect(missing.status).toBe(404);
    expect(events).toEqual([{ eventId: 'report-upload', outcome: 'fail' }]);
    const hidden = await request(server)
      .get('/api/security/v1/entities/component/default/hidden-service/summary')
      .set('Authorization', user());
    expect(hidden.status).toBe(404);
  });

  it.each([
    ['a missing entityRef', '', sarif, /entityRef/],
    ['an invalid entityRef', 'entityRef=::', sarif, /Invalid entity ref/],
    ['an unknown format', 'entityRef=component:default/payments-api&format=xml', sarif, /Unknown format 'xml'/],
    ['an unrecognisable body', 'entityRef=component:default/payments-api', '{"hello":"world"}', /could not be recognised/],
    ['a truncated report', 'entityRef=component:default/payments-api', sarif.subarray(0, 3000), /truncated/],
    ['an empty body', 'entityRef=component:default/payments-api', '', /empty/],
    ['a bad source label', 'entityRef=component:default/payments-api&source=a%20b', sarif, /source/],
  ])('answers 400 for %s', async (_name, query, body, message) => {
    const res = await upload(body, query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers 400 for a body that claims gzip but is not', async () => {
    const res = await upload(Buffer.from('not gzip at all')).set('Content-Encoding', 'gzip');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not valid gzip/);
  });

  it('answers 413 for a large body and for a gzip bomb', async () => {
    const big = await upload(Buffer.alloc(300_000, 0x20));
    expect(big.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(50_000_000, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    const res = await upload(bomb).set('Content-Encoding', 'gzip');
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/larger than the limit of 200000 bytes/);
  });

  it('stores nothing when an upload fails and keeps serving', async () => {
    expect((await upload(sarif)).status).toBe(201);
    const before = (await summary()).body;
    const broken = Buffer.from(sarif.toString('utf8').replace('"results": [', '"results": [ {"ruleId": tru},'));
    const res = await upload(broken);
    expect(res.status).toBe(400);
    const after = (await summary()).body;
    expect(after).toEqual(before);
    const list = await request(server)
      .get('/api/security/v1/entities/component/default/payments-api/findings')
      .set('Authorization', user());
    expect(list.body.totalCount).toBe(4);
  });

  it('asks for a grant and an entity once per caller within a few seconds, refusals every time', async () => {
    const cached = await startBackend();
    try {
      const read = (auth: string) =>
        request(cached.server).get('/api/security/v1/entities/component/default/payments-api/summary').set('Authorization', auth);
      expect((await read(user())).status).toBe(200);
      expect((await read(user())).status).toBe(200);
      expect(cached.calls).toEqual({ authorize: 1, catalog: 1 });
      expect((await read(user(NOBODY))).status).toBe(403);
      expect((await read(user(NOBODY))).status).toBe(403);
      expect(cached.calls.authorize).toBe(3);
    } finally {
      await cached.stop();
    }
  });

  it('lets the parallel first reads of a page share one grant and one look-up', async () => {
    const cached = await startBackend({ latencyMs: 100 });
    try {
      const read = (path: string) =>
        request(cached.server).get(`/api/security/v1/entities/component/default/payments-api/${path}`).set('Authorization', user());
      const answers = await Promise.all(['summary', 'findings', 'components', 'controls', 'compliance'].map(read));
      expect(answers.map(a => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(cached.calls).toEqual({ authorize: 1, catalog: 1 });
    } finally {
      await cached.stop();
    }
  });

  it('validates read queries', async () => {
    const res = await request(server)
      .get('/api/security/v1/entities/component/default/payments-api/findings?severity=urgent&limit=9999')
      .set('Authorization', user());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/severity/);
    const cursor = await request(server)
      .get('/api/security/v1/entities/component/default/payments-api/findings?cursor=garbage')
      .set('Authorization', user());
    expect(cursor.status).toBe(400);
  });

  it('lists the registered formats', async () => {
    const res = await request(server).get('/api/security/v1/formats').set('Authorization', user());
    expect(res.body.items.map((f: { id: string }) => f.id)).toEqual(['sarif', 'cyclonedx', 'spdx', 'trivy', 'grype', 'openvex', 'kube-bench', 'policy-report', 'compliance-operator', 'kubescape', 'oscal-assessment-results', 'xccdf', 'kubernetes-manifests', 'npm-attestations', 'cosign-bundle', 'sigstore-bundle']);
  });
});
