#!/usr/bin/env node
/**
 * yarn bench:ingest — end-to-end ingest over HTTP against the real backend, on SQLite and on
 * PostgreSQL, next to the limit for the same report on the same database measured by a bare
 * script (gunzip, JSON.parse, insert the same rows with the bare driver), in the same run.
 *
 * Prints results/s end to end, the bare limit, their ratio, and the backend's peak RSS growth.
 * BENCH_SIZES=100000,770000 sets the report sizes (results); the second is the ~500 MB report.
 */
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { writeSarif } = require('./generateSarif');
const { bareLimit } = require('./bareIngest');
const { startBenchBackend, rssMb } = require('./benchBackend');

const PG = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const sizes = (process.env.BENCH_SIZES ?? '100000,770000').split(',').map(Number);

async function upload(base, file, token, entityRef) {
  const body = readFileSync(file);
  const started = process.hrtime.bigint();
  const res = await fetch(
    `${base}/api/security/v1/reports?entityRef=${encodeURIComponent(entityRef)}`,
    {
      method: 'POST',
      body,
      headers: { Authorization: `Bearer ${token}`, 'Content-Encoding': 'gzip' },
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${text.slice(0, 300)}`);
  return { seconds, receipt: JSON.parse(text) };
}

function dropBenchDatabases() {
  const dbs = execFileSync('psql', [PG, '-Atc', "select datname from pg_database where datname like 'bench_backstage_plugin_%'"], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  for (const db of dbs) execFileSync('psql', [PG, '-qc', `drop database if exists "${db}" with (force)`]);
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const reports = [];
  for (const [i, count] of sizes.entries()) {
    const file = join(work, `report-${count}.sarif.gz`);
    await writeSarif(file, count, { gzip: true, salt: `s${i}` });
    const raw = join(work, `report-${count}.sarif`);
    await writeSarif(raw, count, { salt: `s${i}` });
    reports.push({ count, file, rawBytes: statSync(raw).size, gzBytes: statSync(file).size });
    rmSync(raw);
  }
  const rows = [];
  for (const database of ['sqlite', 'pg']) {
    const dataDir = mkdtempSync(join(work, `${database}-`));
    if (database === 'pg') dropBenchDatabases();
    for (const [i, report] of reports.entries()) {
      // A fresh backend per report, so each growth is measured from an idle process.
      const backend = await startBenchBackend({
        configs: database === 'pg' ? ['../../scripts/bench/app-config.bench-pg.yaml'] : [],
        env: { BENCH_DATA_DIR: dataDir, BENCH_PG_URL: `${PG}/postgres` },
        entities: reports.map((_r, k) => `bench-${k}`),
      });
      try {
        const baseline = rssMb(backend.pid);
        // Sampled, since the kernel's own peak mark cannot always be reset.
        let peak = baseline;
        const sampler = setInterval(() => {
          peak = Math.max(peak, rssMb(backend.pid));
        }, 25);
        const { seconds, receipt } = await upload(backend.base, report.file, backend.uploadToken, `component:default/bench-${i}`);
        clearInterval(sampler);
        peak = Math.max(peak, rssMb(backend.pid));
        const limit = await bareLimit({ database, file: report.file, pg: PG, dir: dataDir, rawBytes: report.rawBytes });
        const e2e = receipt.counts.findings / seconds;
        rows.push({
          database,
          results: report.count,
          'MB raw/gz': `${(report.rawBytes / 1e6).toFixed(0)}/${(report.gzBytes / 1e6).toFixed(0)}`,
          'e2e results/s': Math.round(e2e),
          'e2e s': seconds.toFixed(2),
          'bare limit results/s': limit.resultsPerSecond ? Math.round(limit.resultsPerSecond) : limit.note,
          'ratio (target ≥ 0.5)': limit.resultsPerSecond ? (e2e / limit.resultsPerSecond).toFixed(2) : '—',
          'idle RSS MB': Math.round(baseline),
          'peak RSS growth MB (target ≤ 256)': Math.round(peak - baseline),
        });
        console.log(JSON.stringify(rows.at(-1)));
      } finally {
        await backend.stop();
      }
    }
    if (database === 'pg') dropBenchDatabases();
  }
  console.table(rows);
  rmSync(work, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
