/**
 * yarn bench:query — loads 10,000 entities with 1,000,000 findings into PostgreSQL (COPY, then
 * the plugin's own summary writer for every entity) and prints p50/p95 of the two reads the
 * Security tab makes first: the entity summary and the first page of findings, each through
 * the plugin's store (the SQL the HTTP routes run), next to the 20 ms target.
 */
import { randomUUID, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import knexFactory from 'knex';
import { Client } from 'pg';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { from: copyFrom } = require('pg-copy-streams');
import { DatabaseSecurityStore } from '../../plugins/security-backend/src/database/DatabaseSecurityStore';
import { writeSummary } from '../../plugins/security-backend/src/database/summaries';

const PG = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 10_000);
const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 1_000_000);
const SAMPLES = 500;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const TYPES = ['vulnerability', 'code', 'secret', 'misconfiguration'];

async function recreate(db: string) {
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists ${db} with (force)`);
  await admin.query(`create database ${db}`);
  await admin.end();
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(fn: () => Promise<unknown>) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main() {
  const dbName = 'bench_query';
  await recreate(dbName);
  const knex = knexFactory({ client: 'pg', connection: `${PG}/${dbName}`, pool: { min: 1, max: 4 } });
  const store = await DatabaseSecurityStore.create({ database: { getClient: async () => knex } as any });
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
  const runs = {
    'entity summary': () => store.getSummary(pick()),
    'first findings page (open, by severity)': () =>
      store.listFindings(pick(), { status: ['open'], sort: 'severity', order: 'desc', limit: 25 }),
    'first findings page, severity filter + text search': () =>
      store.listFindings(pick(), { status: ['open'], severity: ['critical', 'high'], q: 'finding 1', limit: 25 }),
  };
  const rows = [];
  for (const [name, fn] of Object.entries(runs)) {
    for (let i = 0; i < 50; i++) await fn(); // warm up
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) samples.push(await time(fn));
    samples.sort((a, b) => a - b);
    rows.push({
      query: name,
      'p50 ms': percentile(samples, 50).toFixed(2),
      'p95 ms': percentile(samples, 95).toFixed(2),
      'target p95 ms': 20,
    });
  }
  console.table(rows);
  await knex.destroy();
  await recreate(dbName);
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
