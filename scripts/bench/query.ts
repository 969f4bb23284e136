/**
 * yarn bench:query — loads 10,000 entities with 1,000,000 findings into the PostgreSQL database
 * of a running backend (COPY, then the plugin's own summary writer for every entity) and prints
 * p50/p95 of the two reads the Security tab makes first, the entity summary and the first page
 * of findings: over HTTP as a signed-in user (authentication, permission check, catalog look-up
 * and query; the first read of an entity and the one after it, as a tab makes them) and through
 * the store alone (the SQL those routes run), next to the 20 ms target.
 */
import { randomUUID, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import knexFactory from 'knex';
import { Client } from 'pg';
/* eslint-disable @typescript-eslint/no-require-imports */
const { from: copyFrom } = require('pg-copy-streams');
const { startBenchBackend } = require('./benchBackend');
/* eslint-enable @typescript-eslint/no-require-imports */
import { DatabaseSecurityStore } from '../../plugins/security-backend/src/database/DatabaseSecurityStore';
import { writeSummary } from '../../plugins/security-backend/src/database/summaries';

const PG = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 1_000_000);
const SAMPLES = 500;
/** Entities the catalog knows, for the HTTP reads; the rest exist only in the security store. */
const CATALOG_ENTITIES = 400;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const TYPES = ['vulnerability', 'code', 'secret', 'misconfiguration'];

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(fn: () => Promise<unknown>) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function dropBenchDatabases() {
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  const { rows } = await admin.query("select datname from pg_database where datname like 'benchq_%'");
  for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.end();
}

async function measure(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) samples.push(await time(fn));
  return summarise(name, samples);
}

function summarise(name: string, values: number[]) {
  const samples = [...values].sort((a, b) => a - b);
  return {
    read: name,
    'p50 ms': percentile(samples, 50).toFixed(2),
    'p95 ms': percentile(samples, 95).toFixed(2),
    'target p95 ms': 20,
  };
}

async function main() {
  await dropBenchDatabases();
  const work = mkdtempSync(join(tmpdir(), 'bench-query-'));
  const names = Array.from({ length: CATALOG_ENTITIES }, (_, i) => `service-${i}`);
  writeFileSync(
    join(work, 'entities.yaml'),
    names
      .map(n => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${n}\nspec: { type: service, lifecycle: production, owner: group:default/platform-security }\n`)
      .join('---\n'),
  );
  writeFileSync(
    join(work, 'app-config.yaml'),
    `backend:\n  database:\n    client: pg\n    prefix: benchq_\n    connection: ${PG}/postgres\ncatalog:\n  locations:\n    - type: file\n      target: ${join(work, 'entities.yaml')}\n`,
  );
  console.log('starting the backend ...');
  const backend = await startBenchBackend({
    configs: [join(work, 'app-config.yaml')],
    // the guest provider, so that reads are made as a signed-in user
    env: { NODE_ENV: 'development', BENCH_DATA_DIR: work },
    entities: [names[0], names[names.length - 1]],
  });
  const dbName = 'benchq_security';
  const knex = knexFactory({ client: 'pg', connection: `${PG}/${dbName}`, pool: { min: 1, max: 4 } });
  const store = await DatabaseSecurityStore.create({ database: { getClient: async () => knex } as any, skipMigrations: true });
  const entity = (i: number) => `component:default/service-${i}`;

  console.log(`loading ${ENTITIES} entities and ${FINDINGS} findings ...`);
  const loadStart = Date.now();
  const reports = Array.from({ length: ENTITIES }, () => randomUUID());
  await knex.batchInsert(
    'security_reports',
    reports.map((id, i) => ({ id, entity_ref: entity(i), format: 'sarif', digest: id.replace(/-/g, ''), size_bytes: 1, received_at: new Date() })),
    1000,
  );
  const client = new Client({ connectionString: `${PG}/${dbName}` });
  await client.connect();
  const now = new Date().toISOString();
  const perEntity = Math.ceil(FINDINGS / ENTITIES);
  function* lines() {
    let buffer = '';
    for (let n = 0; n < FINDINGS; n++) {
      const e = n % ENTITIES;
      const fp = createHash('sha1').update(String(n)).digest('hex');
      buffer += [
        entity(e), 'CodeQL', fp, TYPES[n % 4], 'CodeQL', '', `rule-${n % 300}`, '\\N', '\\N',
        SEVERITIES[n % 5], n % 5, `Finding ${n} in a realistic title`, `Message of finding ${n}`, '\\N',
        '\\N', '\\N', '\\N', '\\N', `src/file${n % 997}.ts`, String(n % 3000), '\\N',
        n % 10 === 0 ? 'fixed' : 'open', 'open', '\\N', '\\N', now, now, '\\N', reports[e], reports[e],
      ].join('\t') + '\n';
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    yield buffer;
  }
  await pipeline(
    Readable.from(lines()),
    client.query(
      copyFrom(
        'copy security_findings (entity_ref, scope, fingerprint, type, tool, source_label, rule_id, vulnerability_id, cwe, severity, severity_rank, title, message, help_uri, package_purl, package_name, installed_version, fixed_version, location_path, location_start_line, location_end_line, status, reported_status, suppression_kind, suppression_justification, first_seen, last_seen, fixed_at, first_report_id, last_report_id) from stdin',
      ),
    ),
  );
  await client.query(
    `insert into security_scans (report_id, entity_ref, scope, tool, tool_version, source_label, finding_count, scanned_at)
     select id, entity_ref, 'CodeQL', 'CodeQL', '2.19.3', '', ${perEntity}, now() from security_reports`,
  );
  await client.query('analyze');
  await client.end();
  for (let i = 0; i < ENTITIES; i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, ENTITIES - i) }, (_, k) => writeSummary(knex, entity(i + k), new Date())),
    );
  }
  console.log(`loaded in ${((Date.now() - loadStart) / 1000).toFixed(1)} s`);

  const pick = () => entity(Math.floor(Math.random() * ENTITIES));
  const rows = [];
  rows.push(await measure('store: entity summary', () => store.getSummary(pick())));
  rows.push(
    await measure('store: first findings page (open, by severity)', () =>
      store.listFindings(pick(), { status: ['open'], sort: 'severity', order: 'desc', limit: 25 }),
    ),
  );
  rows.push(
    await measure('store: first page, severity filter + text search', () =>
      store.listFindings(pick(), { status: ['open'], severity: ['critical', 'high'], q: 'finding 1', limit: 25 }),
    ),
  );

  const auth = await fetch(`${backend.base}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  }).then(r => r.json());
  const headers = { Authorization: `Bearer ${auth.backstageIdentity.token}` };
  const get = async (url: string) => {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return res.json();
  };
  // As the Security tab reads: the first read of an entity asks the permission and catalog
  // plugins (the grant and the entity are then reused for a few seconds); the next read of the
  // same entity does not. Half the entities are opened summary first, half findings first.
  const summaryUrl = (i: number) => `${backend.base}/api/security/v1/entities/component/default/service-${i}/summary`;
  const pageUrl = (i: number) =>
    `${backend.base}/api/security/v1/entities/component/default/service-${i}/findings?status=open&sort=severity&order=desc&limit=25`;
  for (let i = 0; i < 20; i++) await get(summaryUrl(i)); // warm the route itself
  const firstSummary: number[] = [];
  const firstPage: number[] = [];
  const nextSummary: number[] = [];
  const nextPage: number[] = [];
  for (let i = 20; i < CATALOG_ENTITIES; i++) {
    if (i % 2 === 0) {
      firstSummary.push(await time(() => get(summaryUrl(i))));
      nextPage.push(await time(() => get(pageUrl(i))));
    } else {
      firstPage.push(await time(() => get(pageUrl(i))));
      nextSummary.push(await time(() => get(summaryUrl(i))));
    }
  }
  rows.push(summarise('HTTP: entity summary, first read of the entity', firstSummary));
  rows.push(summarise('HTTP: first findings page, first read of the entity', firstPage));
  rows.push(summarise('HTTP: entity summary, after another read', nextSummary));
  rows.push(summarise('HTTP: first findings page, after another read', nextPage));
  console.table(rows);
  await knex.destroy();
  await backend.stop();
  await dropBenchDatabases();
  rmSync(work, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
