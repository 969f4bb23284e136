/**
 * The limit an ingest is compared with: gunzip, JSON.parse the whole report, and insert the
 * same finding rows into the same schema (the plugin's own migrations) with the bare driver:
 * better-sqlite3 prepared statements in one transaction, or PostgreSQL COPY. No streaming, no
 * validation, no lifecycle, no summaries: what the hardware and database can do at best.
 */
const { createHash, randomUUID } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { gunzipSync } = require('node:zlib');
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');

const migrations = resolve(__dirname, '../../plugins/security-backend/migrations');
const LEVEL = { error: ['high', 1], warning: ['medium', 2], note: ['low', 3], none: ['info', 4] };

function rowsOf(doc, reportId) {
  const run = doc.runs[0];
  const now = Date.now();
  return run.results.map(r => {
    const rule = run.tool.driver.rules[r.ruleIndex] ?? {};
    const loc = r.locations?.[0]?.physicalLocation;
    const [severity, rank] = LEVEL[r.level] ?? LEVEL.warning;
    const fp = Object.entries(r.partialFingerprints ?? {}).map(([k, v]) => `${k}=${v}`).join('|');
    return [
      'component:default/bare', 'CodeQL', createHash('sha256').update(`${r.ruleId}|${fp}`).digest('hex'),
      'code', 'CodeQL', '', r.ruleId, null, null, severity, rank,
      rule.shortDescription?.text ?? r.ruleId, r.message.text, rule.helpUri ?? null,
      null, null, null, null, loc?.artifactLocation?.uri ?? null, loc?.region?.startLine ?? null, null,
      'open', 'open', null, null, now, now, null, reportId, reportId,
    ];
  });
}

const COLUMNS = [
  'entity_ref', 'scope', 'fingerprint', 'type', 'tool', 'source_label', 'rule_id', 'vulnerability_id',
  'cwe', 'severity', 'severity_rank', 'title', 'message', 'help_uri', 'package_purl', 'package_name',
  'installed_version', 'fixed_version', 'location_path', 'location_start_line', 'location_end_line',
  'status', 'reported_status', 'suppression_kind', 'suppression_justification', 'first_seen',
  'last_seen', 'fixed_at', 'first_report_id', 'last_report_id',
];

async function migrate(knex) {
  await knex.migrate.latest({ directory: migrations });
}

async function sqliteLimit(file, dir) {
  const Database = require('better-sqlite3');
  const knex = require('knex')({ client: 'better-sqlite3', connection: { filename: join(dir, 'bare.sqlite') }, useNullAsDefault: true });
  await migrate(knex);
  await knex.destroy();
  const db = new Database(join(dir, 'bare.sqlite'));
  const t0 = process.hrtime.bigint();
  const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  const rows = rowsOf(doc, randomUUID());
  const insert = db.prepare(`insert into security_findings (${COLUMNS.join(',')}) values (${COLUMNS.map(() => '?').join(',')})`);
  db.transaction(all => {
    for (const row of all) insert.run(row);
  })(rows);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  return rows.length / seconds;
}

async function pgLimit(file, pgUrl) {
  const { Client } = require('pg');
  const { from: copyFrom } = require('pg-copy-streams');
  const dbUrl = db => Object.assign(new URL(pgUrl), { pathname: `/${db}` }).toString();
  const admin = new Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  await admin.query('drop database if exists bench_bare with (force)');
  await admin.query('create database bench_bare');
  await admin.end();
  const url = dbUrl('bench_bare');
  const knex = require('knex')({ client: 'pg', connection: url });
  await migrate(knex);
  await knex.destroy();
  const client = new Client({ connectionString: url });
  await client.connect();
  const escape = v =>
    v === null || v === undefined
      ? '\\N'
      : typeof v === 'number' && v > 1e12
        ? new Date(v).toISOString()
        : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  const t0 = process.hrtime.bigint();
  const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  const rows = rowsOf(doc, randomUUID());
  await client.query('begin');
  const stream = client.query(copyFrom(`copy security_findings (${COLUMNS.join(',')}) from stdin`));
  await pipeline(Readable.from((function* lines() {
    for (let i = 0; i < rows.length; i += 1000) {
      yield rows.slice(i, i + 1000).map(r => `${r.map(escape).join('\t')}\n`).join('');
    }
  })()), stream);
  await client.query('commit');
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await client.end();
  const cleanup = new Client({ connectionString: dbUrl('postgres') });
  await cleanup.connect();
  await cleanup.query('drop database if exists bench_bare with (force)');
  await cleanup.end();
  return rows.length / seconds;
}

/** The bare limit for one report on one database, or why it cannot be measured. */
async function bareLimit({ database, file, pg, dir, rawBytes }) {
  if (rawBytes > 300e6) {
    // V8 strings stop at ~512 MB and the parsed tree needs several times that in heap.
    return { note: 'n/a: too large to JSON.parse whole' };
  }
  try {
    const resultsPerSecond = database === 'pg' ? await pgLimit(file, pg) : await sqliteLimit(file, dir);
    return { resultsPerSecond };
  } catch (error) {
    // A report larger than V8's longest string cannot be JSON.parse'd whole at all.
    return { note: `n/a (${String(error.message).slice(0, 60)})` };
  }
}

module.exports = { bareLimit };
