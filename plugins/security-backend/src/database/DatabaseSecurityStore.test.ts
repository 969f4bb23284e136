import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { FindingInput, ReportSink } from '@devsecops/plugin-security-node';
import { DatabaseSecurityStore, IngestRequest } from './DatabaseSecurityStore';
import { IngestSink } from './IngestWriter';
import { AttestationRecord, fromAttestationRow, verdictColumns } from './attestationRows';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const entityRef = 'component:default/payments-api';

let digestCounter = 0;
function report(
  emit: (sink: ReportSink) => void | Promise<void>,
  overrides: Partial<IngestRequest> = {},
): IngestRequest {
  return {
    entityRef,
    sourceLabel: '',
    format: 'test',
    digest: `digest-${++digestCounter}`,
    sizeBytes: 100,
    parse: async sink => {
      await emit(sink);
    },
    ...overrides,
  };
}

const tool = { name: 'scanner', version: '1.0' };
function finding(rule: string, overrides: Partial<FindingInput> = {}): FindingInput {
  return {
    type: 'code',
    tool,
    ruleId: rule,
    severity: 'high',
    title: `Problem ${rule}`,
    message: `Message for ${rule}`,
    location: { path: `src/${rule}.ts`, startLine: 1 },
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('DatabaseSecurityStore on %p', (databaseId: TestDatabaseId) => {
  let knex: Knex;
  let store: DatabaseSecurityStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseSecurityStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
  });

  beforeEach(async () => {
    for (const table of [
      'security_control_results',
      'security_attestations',
      'security_entity_summaries',
      'security_vex_statements',
      'security_component_edges',
      'security_components',
      'security_findings',
      'security_scans',
      'security_reports',
    ]) {
      await knex(table).delete();
    }
  });

  it('walks every migration down and up again', async () => {
    await DatabaseSecurityStore.migrateDown(knex);
    expect(await knex.schema.hasTable('security_findings')).toBe(false);
    expect(await knex.schema.hasTable('security_attestations')).toBe(false);
    await DatabaseSecurityStore.create({ database: { getClient: async () => knex } });
    expect(await knex.schema.hasTable('security_findings')).toBe(true);
    expect(await knex.schema.hasTable('security_attestations')).toBe(true);
  });

  it('stores findings and answers a repeated report with the original receipt', async () => {
    const request = report(sink => {
      sink.toolRun(tool);
      sink.finding(finding('a'));
      sink.finding(finding('b', { severity: 'critical' }));
      sink.finding(finding('b', { severity: 'critical' })); // same identity: one finding
    });
    const first = await store.ingest(request);
    expect(first).toMatchObject({ duplicate: false, counts: { findings: 2, components: 0 } });
    const again = await store.ingest({ ...request, parse: () => Promise.reject(new Error('not parsed again')) });
    expect(again).toMatchObject({ id: first.id, duplicate: true, counts: { findings: 2 } });
    expect(await knex('security_reports').count({ n: '*' })).toEqual([{ n: expect.anything() }]);
    expect(Number((await knex('security_reports').count({ n: '*' }))[0].n)).toBe(1);
  });

  it('tracks the lifecycle: fixed when gone, first seen kept, reopened when back', async () => {
    await store.ingest(report(s => { s.finding(finding('a')); s.finding(finding('b')); }));
    const before = (await store.listFindings(entityRef, {})).items;
    await new Promise(r => setTimeout(r, 20));
    await store.ingest(report(s => { s.finding(finding('a')); s.finding(finding('c')); }));

    const after = await store.listFindings(entityRef, { sort: 'title', order: 'asc' });
    const byRule = Object.fromEntries(after.items.map(f => [f.ruleId, f]));
    expect(byRule.a.status).toBe('open');
    expect(byRule.a.firstSeen).toBe(before.find(f => f.ruleId === 'a')!.firstSeen);
    expect(Date.parse(byRule.a.lastSeen)).toBeGreaterThan(Date.parse(byRule.a.firstSeen));
    expect(byRule.b.status).toBe('fixed');
    // fixed by the second report, at its time
    expect(byRule.b.fixedAt).toBe(byRule.a.lastSeen);
    expect(byRule.c.status).toBe('open');

    await store.ingest(report(s => { s.finding(finding('b')); }));
    const reopened = (await store.listFindings(entityRef, { q: 'problem b' })).items[0];
    expect(reopened).toMatchObject({ status: 'open', fixedAt: undefined });

    const summary = await store.getSummary(entityRef);
    expect(summary.totals).toEqual({ open: 1, fixed: 2, suppressed: 0 });
    expect(summary.lastReports).toHaveLength(1);
    expect(summary.lastReports[0]).toMatchObject({ tool: 'scanner', toolVersion: '1.0', findings: 1 });
  });

  it('keeps a finding without a tool fingerprint when code above it moves', async () => {
    const unused = (line: number) =>
      finding('no-unused-vars', { message: "'x' is unused.", location: { path: 'src/a.ts', startLine: line } });
    await store.ingest(report(s => {
      s.finding(unused(10));
      s.finding(unused(10)); // listed twice: one finding
      s.finding(unused(20));
    }));
    const before = (await store.listFindings(entityRef, {})).items;
    expect(before).toHaveLength(2);

    // Five lines inserted at the top, and a third equal finding further down.
    await store.ingest(report(s => { s.finding(unused(15)); s.finding(unused(25)); s.finding(unused(40)); }));
    const after = (await store.listFindings(entityRef, { sort: 'title', order: 'asc' })).items;
    expect(after.map(f => f.status)).toEqual(['open', 'open', 'open']);
    const kept = after.filter(f => before.some(b => b.id === f.id));
    expect(kept.map(f => f.location?.startLine).sort()).toEqual([15, 25]);
    expect(kept.every(f => f.firstSeen === before[0].firstSeen)).toBe(true);

    // Removing the first occurrence fixes one finding, not all that follow it.
    await store.ingest(report(s => { s.finding(unused(25)); s.finding(unused(40)); }));
    expect((await store.getSummary(entityRef)).totals).toEqual({ open: 2, fixed: 1, suppressed: 0 });
  });

  it('keeps scopes apart: another source label or tool does not fix findings', async () => {
    await store.ingest(report(s => s.finding(finding('a')), { sourceLabel: 'image:a' }));
    await store.ingest(report(s => s.finding(finding('b')), { sourceLabel: 'image:b' }));
    await store.ingest(report(s => s.toolRun({ name: 'other-tool' })));
    const page = await store.listFindings(entityRef, { status: ['open'] });
    expect(page.items.map(f => [f.ruleId, f.source])).toEqual(
      expect.arrayContaining([['a', 'image:a'], ['b', 'image:b']]),
    );
    expect(page.totalCount).toBe(2);
  });

  it('a tool run with no findings fixes everything it reported before', async () => {
    await store.ingest(report(s => { s.finding(finding('a')); s.finding(finding('b')); }));
    await store.ingest(report(s => s.toolRun(tool)));
    const summary = await store.getSummary(entityRef);
    expect(summary.totals).toEqual({ open: 0, fixed: 2, suppressed: 0 });
  });

  it('a failed ingest stores nothing', async () => {
    await store.ingest(report(s => s.finding(finding('kept'))));
    const failing = report(async s => {
      for (let i = 0; i < 1500; i++) await s.finding(finding(`x${i}`));
      s.component({ name: 'lib', licenses: [] });
      throw new Error('parser failed half way');
    });
    await expect(store.ingest(failing)).rejects.toThrow('parser failed half way');
    expect(Number((await knex('security_findings').count({ n: '*' }))[0].n)).toBe(1);
    expect(Number((await knex('security_reports').count({ n: '*' }))[0].n)).toBe(1);
    expect(Number((await knex('security_components').count({ n: '*' }))[0].n)).toBe(0);
    expect((await store.getSummary(entityRef)).totals.open).toBe(1);
  });

  it('a parser that fails while batches are still being written stores nothing', async () => {
    const failing = report(s => {
      // not awaited: on PostgreSQL the batches are written while the parser goes on
      for (let i = 0; i < 4100; i++) void s.finding(finding(`x${i}`));
      throw new Error('parser failed with writes in flight');
    });
    await expect(store.ingest(failing)).rejects.toThrow('parser failed with writes in flight');
    await new Promise(r => setTimeout(r, 200));
    expect(Number((await knex('security_findings').count({ n: '*' }))[0].n)).toBe(0);
    expect(Number((await knex('security_reports').count({ n: '*' }))[0].n)).toBe(0);
  });

  it('takes concurrent uploads for one entity, from one tool and from several', async () => {
    // overlapping findings in other orders: the upserts touch the same rows concurrently
    const uploads = Array.from({ length: 4 }, (_, u) =>
      report(async s => {
        const scanner = { name: u % 2 ? 'scanner-a' : 'scanner-b' };
        const order = Array.from({ length: 2500 }, (__, i) => (u % 2 ? 2499 - i : i));
        for (const i of order) await s.finding(finding(`c${i % 3000}`, { tool: scanner }));
      }),
    );
    const results = await Promise.allSettled(uploads.map(r => store.ingest(r)));
    expect(results.map(r => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const summary = await store.getSummary(entityRef);
    expect(summary.totals.open).toBe(5000);
    expect(Object.keys(summary.byTool).sort()).toEqual(['scanner-a', 'scanner-b']);
  });

  it('pages through findings with stable keyset cursors under every sort', async () => {
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
    await store.ingest(
      report(async s => {
        for (let i = 0; i < 123; i++) {
          await s.finding(finding(`r${String(i).padStart(3, '0')}`, { severity: severities[i % 5], type: i % 2 ? 'code' : 'secret' }));
        }
      }),
    );
    for (const sort of ['severity', 'title', 'lastSeen', 'firstSeen'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listFindings(entityRef, { sort, order, limit: 50, cursor });
          expect(page.totalCount).toBe(123);
          seen.push(...page.items.map(f => f.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toHaveLength(123);
        expect(new Set(seen).size).toBe(123);
      }
    }
    const first = await store.listFindings(entityRef, { sort: 'severity', order: 'desc', limit: 30 });
    expect(first.items.slice(0, 25).every(f => f.severity === 'critical')).toBe(true);
    expect(first.items[25].severity).toBe('high');

    const filtered = await store.listFindings(entityRef, { severity: ['critical', 'low'], type: ['secret'], q: 'R00' });
    expect(filtered.items.every(f => ['critical', 'low'].includes(f.severity) && f.type === 'secret')).toBe(true);
    expect(filtered.items.map(f => f.ruleId).sort()).toEqual(['r000', 'r008']);
    expect((await store.listFindings(entityRef, { q: '100%_' })).totalCount).toBe(0);
    expect((await store.listFindings(entityRef, { tool: ['nope'] })).totalCount).toBe(0);
  });

  it('applies OpenVEX statements now and to later reports, and gives findings back', async () => {
    const vuln = (pkg: string) =>
      finding(`CVE-2022-37434-${pkg}`, {
        type: 'vulnerability',
        ruleId: 'CVE-2022-37434',
        vulnerabilityId: 'CVE-2022-37434',
        package: { purl: `pkg:deb/debian/${pkg}@1.0?arch=amd64`, name: pkg, installedVersion: '1.0' },
      });
    await store.ingest(report(s => { s.finding(vuln('zlib1g')); s.finding(vuln('other')); }));
    await store.ingest(
      report(s =>
        s.vexStatement({
          vulnerabilityId: 'CVE-2022-37434',
          products: ['pkg:deb/debian/zlib1g@1.0'],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
        }),
      ),
    );
    let items = (await store.listFindings(entityRef, { sort: 'title' })).items;
    expect(items.find(f => f.package?.name === 'zlib1g')).toMatchObject({
      status: 'suppressed',
      suppression: { kind: 'vex:not_affected', justification: 'vulnerable_code_not_in_execute_path' },
    });
    expect(items.find(f => f.package?.name === 'other')?.status).toBe('open');

    // a new scan reports it again: the statement still holds
    await store.ingest(report(s => { s.finding(vuln('zlib1g')); s.finding(vuln('other')); }));
    items = (await store.listFindings(entityRef, { status: ['suppressed'] })).items;
    expect(items.map(f => f.package?.name)).toEqual(['zlib1g']);

    await store.ingest(
      report(s => s.vexStatement({ vulnerabilityId: 'CVE-2022-37434', products: ['pkg:deb/debian/zlib1g@1.0'], status: 'affected' })),
    );
    expect((await store.getSummary(entityRef)).totals).toEqual({ open: 2, fixed: 0, suppressed: 0 });
  });

  it('replaces the SBOM per source label and marks direct dependencies', async () => {
    const sbom = (names: string[]) =>
      report(s => {
        s.sbomRoot('root');
        s.component({ ref: 'root', name: 'app', licenses: [] });
        for (const n of names) s.component({ ref: n, name: n, version: '1.0', purl: `pkg:npm/${n}@1.0`, licenses: ['MIT'] });
        s.dependency('root', names[0]);
        s.dependency(names[0], names[1]);
      });
    await store.ingest(sbom(['left-pad', 'is-odd']));
    const receipt = await store.ingest(sbom(['react', 'loose-envify']));
    expect(receipt.counts.components).toBe(3);
    const page = await store.listComponents(entityRef, {});
    expect(page.items.map(c => [c.name, c.direct])).toEqual([
      ['app', undefined],
      ['loose-envify', false],
      ['react', true],
    ]);
    expect((await store.listComponents(entityRef, { q: 'REACT' })).items.map(c => c.name)).toEqual(['react']);
    expect((await store.listComponents(entityRef, { license: 'mit' })).totalCount).toBe(2);
    expect((await store.getSummary(entityRef)).components).toBe(3);
  });

  it('stores attestations once per bundle, counts them, and renews a verdict in place', async () => {
    const record = (status: 'verified' | 'failed'): AttestationRecord => ({
      bundleDigest: 'sha256:bundle-1',
      bundle: '{"mediaType":"x"}',
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      kind: 'dsse',
      artifact: 'ghcr.io/acme/api@sha256:cc',
      role: 'artifact',
      subjects: [{ name: 'ghcr.io/acme/api', digest: 'sha256:cc' }],
      subjectDigest: 'sha256:cc',
      predicateType: 'https://slsa.dev/provenance/v1',
      provenance: { slsaVersion: '1', builderId: 'https://github.com/actions/runner' },
      signer: { identity: 'https://github.com/acme/api/.github/workflows/r.yml@refs/heads/main', issuer: 'https://token.actions.githubusercontent.com' },
      tlog: { logIndex: '123456789012', integratedTime: new Date('2026-11-20T10:00:00Z') },
      verification: { status, checks: ['signature'], verifiedAt: '2026-11-27T00:00:00.000Z' },
      contextKey: 'ctx-1',
    });
    const first = await store.ingest(report(sink => (sink as IngestSink).storeAttestation(record('verified'))));
    expect(first.counts.attestations).toBe(1);
    const again = await store.ingest(report(sink => (sink as IngestSink).storeAttestation(record('failed'))));
    expect(again.counts.attestations).toBe(1);
    const rows = await store.listAttestationRows(entityRef);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ report_id: again.id, status: 'failed', log_index: '123456789012' });
    expect(fromAttestationRow(rows[0])).toMatchObject({
      artifact: 'ghcr.io/acme/api@sha256:cc',
      transparencyLog: { logIndex: '123456789012', integratedTime: '2026-11-20T10:00:00.000Z' },
      provenance: { builderId: 'https://github.com/actions/runner' },
      verification: { status: 'failed', checks: ['signature'] },
    });
    await store.renewVerdict(rows[0].id, verdictColumns({ status: 'verified', checks: ['a', 'b'] }, {}, 'ctx-2'));
    const [renewed] = await store.listAttestationRows(entityRef, 'artifact');
    expect(renewed).toMatchObject({ status: 'verified', context_key: 'ctx-2', signer_identity: null });
    expect(await store.listAttestationRows(entityRef, 'dependency')).toEqual([]);
  });

  it('stores control results, lists failures first, and replaces a tool\'s results with its newer report', async () => {
    const bench = { name: 'kube-bench' };
    const first = await store.ingest(
      report(async s => {
        for (let i = 0; i < 30; i++) {
          await s.controlResult({
            tool: bench,
            controlId: `1.1.${i}`,
            benchmark: 'cis-1.8',
            title: `Check ${i}`,
            status: (['pass', 'fail', 'warn'] as const)[i % 3],
            evidence: [{ resource: 'node/master', message: `seen ${i}` }],
          });
        }
      }),
    );
    expect(first.counts.controls).toBe(30);
    const page = await store.listControls(entityRef, { limit: 8 });
    expect(page.totalCount).toBe(30);
    expect(page.items.map(c => c.status)).toEqual(Array(8).fill('fail'));
    const rest = await store.listControls(entityRef, { limit: 50, cursor: page.nextCursor });
    expect(rest.items.map(c => c.status)).toEqual([...Array(2).fill('fail'), ...Array(10).fill('warn'), ...Array(10).fill('pass')]);
    expect(page.items[0]).toMatchObject({ source: 'kube-bench', benchmark: 'cis-1.8', evidence: [{ resource: 'node/master' }] });
    expect((await store.listControls(entityRef, { status: ['warn'], q: 'check 1' })).items.map(c => c.controlId)).toEqual(['1.1.11', '1.1.14', '1.1.17']);
    expect((await store.getSummary(entityRef)).controls).toEqual({ fail: 10, warn: 10, error: 0, pass: 10, skip: 0 });

    await store.ingest(report(s => s.controlResult({ tool: bench, controlId: '1.1.1', title: 'Check 1', status: 'pass' })));
    expect((await store.listControls(entityRef, {})).totalCount).toBe(1);
    expect((await store.getSummary(entityRef)).controls.pass).toBe(1);
  });
});
