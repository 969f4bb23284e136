import { Entity } from '@backstage/catalog-model';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { NOBODY, service, startBackend, user } from './__testUtils__/startSecurityBackend';

jest.setTimeout(60_000);

const hardened = readFileSync(resolve(__dirname, '../evaluate/__fixtures__/hardened-deployment.yaml'));
const privileged = readFileSync(resolve(__dirname, '../evaluate/__fixtures__/privileged-daemonset.yaml'));

/** A repository host the URL reader is allowed to read, serving two manifest files. */
async function startRepositoryHost() {
  const files: Record<string, Buffer> = {
    '/org/payments/deploy/app.yaml': hardened,
    '/org/payments/deploy/agent.yaml': privileged,
  };
  const server = http.createServer((req, res) => {
    const body = files[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/plain' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, stop: () => new Promise(done => server.close(done)) };
}

const component = (name: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe('evaluating manifests read from the entity repository', () => {
  let repo: Awaited<ReturnType<typeof startRepositoryHost>>;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    repo = await startRepositoryHost();
  });
  afterAll(() => repo.stop());
  beforeEach(async () => {
    const source = `url:http://${repo.host}/org/payments/`;
    backend = await startBackend({
      entities: [
        component('payments-api', {
          'backstage.io/source-location': source,
          'security.devsecops.io/manifests': 'deploy/app.yaml, deploy/agent.yaml',
        }),
        component('escaping', { 'backstage.io/source-location': source, 'security.devsecops.io/manifests': '../../etc/passwd' }),
        component('missing', { 'backstage.io/source-location': source, 'security.devsecops.io/manifests': 'deploy/none.yaml' }),
        component('no-source', {}),
      ],
      config: { backend: { reading: { allow: [{ host: repo.host }] } } },
    });
  });
  afterEach(() => backend.stop());

  const evaluate = (name: string, auth = service()) =>
    request(backend.server)
      .post(`/api/security/v1/entities/component/default/${name}/manifest-evaluations`)
      .set('Authorization', auth);
  const controls = (query: string) =>
    request(backend.server)
      .get(`/api/security/v1/entities/component/default/payments-api/controls${query}`)
      .set('Authorization', user());

  it('reads the annotated files through the URL reader and stores the evaluation like a report', async () => {
    const res = await evaluate('payments-api');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      format: 'kubernetes-manifests',
      files: ['deploy/app.yaml', 'deploy/agent.yaml'],
    });
    expect(res.body.counts.controls).toBeGreaterThan(20);
    const privilegedResult = (await controls('?q=pss-baseline/privileged')).body.items[0];
    expect(privilegedResult).toMatchObject({ source: 'kubernetes-manifests', sourceLabel: 'repository', status: 'fail' });
    expect(privilegedResult.evidence[0].field).toMatch(/securityContext\.privileged$/);
    expect((await evaluate('payments-api')).status).toBe(200);
    expect(backend.events.filter(e => e.eventId === 'manifest-evaluation').map(e => e.outcome)).toEqual([
      'success',
      'success',
    ]);
  });

  it('refuses paths outside the source location, missing files and entities without a source', async () => {
    const escaping = await evaluate('escaping');
    expect(escaping.status).toBe(400);
    expect(escaping.body.error.message).toContain("must be relative to the source location, without '..'");
    expect((await evaluate('missing')).status).toBe(404);
    const noSource = await evaluate('no-source');
    expect(noSource.status).toBe(400);
    expect(noSource.body.error.message).toContain('has no source location');
    expect((await controls('')).body.totalCount).toBe(0);
  });

  it('needs the upload permission', async () => {
    expect((await evaluate('payments-api', user(NOBODY))).status).toBe(403);
    expect((await request(backend.server).post('/api/security/v1/entities/component/default/payments-api/manifest-evaluations')).status).toBe(401);
  });
});
