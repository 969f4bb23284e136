import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { ControlResultInput, ReportSink } from '@devsecops/plugin-security-node';
import { DatabaseSecurityStore } from './DatabaseSecurityStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const entityRef = 'resource:default/prod-cluster';
const DAY = 86_400_000;

let digest = 0;
const ingest = (store: DatabaseSecurityStore, emit: (sink: ReportSink) => Promise<void>) =>
  store.ingest({ entityRef, sourceLabel: '', format: 'test', digest: `d${++digest}`, sizeBytes: 1, parse: emit });

const control = (tool: string, controlId: string, status: ControlResultInput['status']): ControlResultInput => ({
  tool: { name: tool },
  controlId,
  title: `Check ${controlId}`,
  status,
  evidence: [{ resource: 'node/master', message: `${controlId} is ${status}` }],
});

describe.each(databases.eachSupportedId())('compliance queries on %p', (databaseId: TestDatabaseId) => {
  let knex: Knex;
  let store: DatabaseSecurityStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseSecurityStore.create({ database: { getClient: async () => knex } });
    await ingest(store, async sink => {
      for (const c of [
        control('Kube-Bench', '1.2.1', 'fail'),
        control('Kube-Bench', '1.2.1', 'fail'),
        control('Kube-Bench', '1.2.16', 'pass'),
        control('openscap', 'xccdf_org.ssgproject.content_rule_scc_limit_privileged', 'fail'),
        // a literal underscore and percent must not act as LIKE wildcards
        control('openscap', 'xccdfXorg.other', 'fail'),
        control('openscap', 'rule%odd', 'pass'),
      ]) {
        await sink.controlResult(c);
      }
    });
    await ingest(store, async sink => {
      sink.toolRun({ name: 'trivy' });
      await sink.finding({ type: 'vulnerability', tool: { name: 'trivy' }, vulnerabilityId: 'CVE-2024-1', severity: 'critical', title: 'Old critical', package: { name: 'openssl' } });
      await sink.finding({ type: 'vulnerability', tool: { name: 'trivy' }, vulnerabilityId: 'CVE-2024-2', severity: 'medium', title: 'Old medium', package: { name: 'zlib' } });
    });
  });

  it('groups an entity control results by tool, control and status', async () => {
    const groups = await store.controlGroups(entityRef);
    expect(groups).toEqual(
      expect.arrayContaining([
        { tool: 'Kube-Bench', controlId: '1.2.1', status: 'fail', count: 2 },
        { tool: 'Kube-Bench', controlId: '1.2.16', status: 'pass', count: 1 },
      ]),
    );
    expect(groups).toHaveLength(5);
  });

  it('filters controls by matchers: tool in any case, exact ids, escaped prefixes', async () => {
    const ids = async (matchers: Parameters<DatabaseSecurityStore['listControls']>[2]) =>
      (await store.listControls(entityRef, { limit: 50 }, matchers)).items.map(c => c.controlId).sort();
    expect(await ids([{ source: 'kube-bench', controlId: '1.2.1' }])).toEqual(['1.2.1', '1.2.1']);
    expect(await ids([{ controlId: 'xccdf_org.*' }])).toEqual(['xccdf_org.ssgproject.content_rule_scc_limit_privileged']);
    expect(await ids([{ controlId: 'rule%*' }])).toEqual(['rule%odd']);
    expect(await ids([{ source: 'trivy', controlId: '1.2.1' }])).toEqual([]);
    expect(await ids([])).toEqual([]);
  });

  it('reads failing results of given controls, bounded', async () => {
    const failing = await store.failingControls(entityRef, ['1.2.1', '1.2.16'], 10);
    expect(failing.map(f => f.controlId)).toEqual(['1.2.1', '1.2.1']);
    expect(failing[0].evidence).toEqual([{ resource: 'node/master', message: '1.2.1 is fail' }]);
    expect(await store.failingControls(entityRef, ['1.2.1'], 1)).toHaveLength(1);
  });

  it('counts open findings by type, severity and age', async () => {
    const now = new Date();
    const spec = { type: 'vulnerability' as const, minSeverity: 'critical' as const };
    expect(await store.openFindingsMatching(entityRef, spec, now)).toMatchObject({
      count: 1,
      examples: [expect.objectContaining({ title: 'Old critical', tool: 'trivy', package: 'openssl' })],
    });
    expect((await store.openFindingsMatching(entityRef, { ...spec, openForDays: 30 }, now)).count).toBe(0);
    const later = new Date(now.getTime() + 31 * DAY);
    expect((await store.openFindingsMatching(entityRef, { ...spec, openForDays: 30 }, later)).count).toBe(1);
    expect((await store.openFindingsMatching(entityRef, { type: 'vulnerability', minSeverity: 'high' }, now)).count).toBe(1);
    expect((await store.openFindingsMatching(entityRef, { type: 'secret' }, now)).count).toBe(0);
  });
});
