import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { NOBODY, service, startBackend, user } from './__testUtils__/startSecurityBackend';

jest.setTimeout(60_000);

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: { 'security.devsecops.io/compliance-frameworks': 'pci-dss-4.0' },
    },
    spec: { owner: 'team-a' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      annotations: { 'security.devsecops.io/compliance-frameworks': 'hipaa, no-such-framework' },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production', system: 'payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'loner', namespace: 'default' },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  },
];

/** A kube-bench run with two CIS checks; `apiServerAnonymous` decides the first. */
const kubeBench = (apiServerAnonymous: 'PASS' | 'FAIL') =>
  JSON.stringify({
    Controls: [
      {
        id: '1',
        version: 'cis-1.9',
        node_type: 'master',
        tests: [
          {
            section: '1.2',
            desc: 'API Server',
            results: [
              {
                test_number: '1.2.1',
                test_desc: 'Ensure that the --anonymous-auth argument is set to false',
                status: apiServerAnonymous,
                actual_value: apiServerAnonymous === 'FAIL' ? '--anonymous-auth=true' : '',
                remediation: 'Set --anonymous-auth=false',
              },
              { test_number: '1.2.16', test_desc: 'Ensure that the --profiling argument is set to false', status: 'PASS' },
            ],
          },
        ],
      },
    ],
  });

interface Score {
  id: string;
  optedInBy: string;
  passed: number;
  failed: number;
  score?: number;
  requirements: Array<{ id: string; status: string; checks: Array<{ id: string; status: string; evidence: unknown[] }> }>;
}

describe('compliance scores over HTTP', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  beforeEach(async () => {
    backend = await startBackend({ entities });
  });
  afterEach(() => backend.stop());

  const upload = (body: string, entity = 'component:default/payments-api') =>
    request(backend.server)
      .post(`/api/security/v1/reports?entityRef=${entity}`)
      .set('Authorization', service())
      .set('Content-Type', 'application/octet-stream')
      .send(body);
  const get = (path: string, auth = user()) =>
    request(backend.server).get(`/api/security/v1/entities/component/default/${path}`).set('Authorization', auth);
  const compliance = async () => {
    const res = await get('payments-api/compliance');
    expect(res.status).toBe(200);
    return res.body.frameworks as Score[];
  };

  it('lowers the PCI DSS score of an entity that inherits PCI DSS when a CIS check fails, listing that control', async () => {
    expect((await upload(kubeBench('PASS'))).status).toBe(201);
    const before = await compliance();
    expect(before.map(f => [f.id, f.optedInBy])).toEqual([
      ['hipaa', 'entity'],
      ['pci-dss-4.0', 'system'],
    ]);
    const pciBefore = before.find(f => f.id === 'pci-dss-4.0')!;
    const configBefore = pciBefore.requirements.find(r => r.id === '2.2.1')!;
    expect(configBefore.status).toBe('passed');
    expect(pciBefore.failed).toBe(0);
    expect(pciBefore.score).toBe(100);

    expect((await upload(kubeBench('FAIL'))).status).toBe(201);
    const pci = (await compliance()).find(f => f.id === 'pci-dss-4.0')!;
    expect(pci.score).toBeLessThan(pciBefore.score!);
    expect(pci.failed).toBeGreaterThan(0);
    const config = pci.requirements.find(r => r.id === '2.2.1')!;
    expect(config.status).toBe('failed');
    expect(pci.requirements[0].status).toBe('failed');
    const failing = config.checks.find(c => c.id === 'cis-k8s/1.2.1')!;
    expect(failing).toMatchObject({
      status: 'fail',
      evidence: [
        expect.objectContaining({
          source: 'kube-bench',
          controlId: '1.2.1',
          resource: 'node/master',
          remediation: 'Set --anonymous-auth=false',
        }),
      ],
    });
    expect(config.checks.find(c => c.id === 'cis-k8s/1.2.16')).toMatchObject({ status: 'pass' });

    const listed = await get('payments-api/controls?framework=pci-dss-4.0&status=fail');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { controlId: string }) => c.controlId)).toEqual(['1.2.1']);

    const summary = await get('payments-api/summary');
    expect(summary.body.compliance).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'pci-dss-4.0', score: pci.score, failed: pci.failed, optedInBy: 'system' }),
      ]),
    );
    expect(summary.body.compliance[0].requirements).toBeUndefined();
  });

  it('counts checks over findings: an open secret fails the secret check once a secret scanner reported', async () => {
    const sarif = (results: unknown[]) =>
      JSON.stringify({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'gitleaks', rules: [{ id: 'aws-access-token' }] } }, results }],
      });
    await upload(sarif([]));
    const secretCheck = (frameworks: Score[]) =>
      frameworks
        .flatMap(f => f.requirements.flatMap(r => r.checks))
        .find(c => c.id === 'secrets/no-open-secret');
    expect(secretCheck(await compliance())).toMatchObject({ status: 'pass' });
    await upload(
      sarif([
        {
          ruleId: 'aws-access-token',
          level: 'error',
          message: { text: 'AWS access key in config' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'config/prod.env' }, region: { startLine: 3 } } }],
        },
      ]),
    );
    expect(secretCheck(await compliance())).toMatchObject({
      status: 'fail',
      evidence: [expect.objectContaining({ source: 'gitleaks', resource: 'config/prod.env' })],
    });
  });

  it('explains how to opt in when an entity answers to no framework, and refuses unknown frameworks', async () => {
    const res = await get('loner/compliance');
    expect(res.status).toBe(200);
    expect(res.body.frameworks).toEqual([]);
    expect(res.body.available.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining(['cis-kubernetes', 'pci-dss-4.0', 'nist-800-53-r5', 'fedramp-moderate', 'hipaa']),
    );
    expect((await get('loner/controls?framework=sox')).status).toBe(400);
    expect((await get('loner/compliance', user(NOBODY))).status).toBe(403);
    expect((await get('nobody/compliance')).status).toBe(404);
  });
});
