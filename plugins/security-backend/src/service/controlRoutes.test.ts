import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { NOBODY, service, startBackend, user } from './__testUtils__/startSecurityBackend';

jest.setTimeout(60_000);

const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '../formats/__fixtures__/compliance', name));

describe('control results over HTTP', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    backend = await startBackend();
  });
  afterEach(() => backend.stop());

  const upload = (body: Buffer) =>
    request(backend.server)
      .post('/api/security/v1/reports?entityRef=component:default/payments-api')
      .set('Authorization', service())
      .set('Content-Type', 'application/octet-stream')
      .send(body);
  const controls = (query = '', auth = user()) =>
    request(backend.server)
      .get(`/api/security/v1/entities/component/default/payments-api/controls${query}`)
      .set('Authorization', auth);

  it('ingests a kube-bench run and a YAML Policy Report and lists their controls, failures first', async () => {
    const bench = await upload(fixture('kube-bench-output.json'));
    expect(bench.status).toBe(201);
    expect(bench.body).toMatchObject({ format: 'kube-bench', counts: { controls: 122, findings: 0 } });
    const kyverno = await upload(fixture('sample-v1beta1-kyverno.yaml'));
    expect(kyverno.body).toMatchObject({ format: 'policy-report', counts: { controls: 1 } });

    const failing = await controls('?status=fail&limit=50');
    expect(failing.status).toBe(200);
    expect(failing.body.totalCount).toBe(36);
    expect(failing.body.items.every((c: { status: string }) => c.status === 'fail')).toBe(true);
    const first = (await controls('?limit=1')).body.items[0];
    expect(first).toMatchObject({ source: 'kube-bench', status: 'fail', evidence: [expect.objectContaining({ resource: 'node/master' })] });
    expect((await controls('?source=kyverno')).body.items).toEqual([
      expect.objectContaining({ controlId: 'disallow-capabilities/adding-capabilities', status: 'pass', severity: 'medium' }),
    ]);

    const summary = await request(backend.server)
      .get('/api/security/v1/entities/component/default/payments-api/summary')
      .set('Authorization', user());
    expect(summary.body.controls).toEqual({ pass: 38, fail: 36, warn: 49, error: 0, skip: 0 });
  });

  it('validates queries and checks permission', async () => {
    expect((await controls('?status=maybe')).status).toBe(400);
    expect((await controls('', user(NOBODY))).status).toBe(403);
    expect((await request(backend.server).get('/api/security/v1/entities/component/default/nope/controls').set('Authorization', user())).status).toBe(404);
  });
});
