#!/usr/bin/env node
/**
 * yarn bench:compliance — ingests a 50 MB XCCDF result (a Benchmark with its rules and a
 * TestResult) and a 10,000-result Policy Report over HTTP into a backend on SQLite, and prints
 * control results/s, the time next to a plain parse of the same file with the same parser
 * (saxes for XML, yaml for YAML) measured in the same run, their ratio, and the backend's peak
 * RSS growth. Targets: ingest within 2x the plain parse, peak RSS growth at most 256 MB.
 * BENCH_RUNS (default 3) sets how many times each is measured; medians are compared.
 */
const { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { SaxesParser } = require('saxes');
const { parseAllDocuments } = require('yaml');
const { startBenchBackend, rssMb } = require('./benchBackend');

const XCCDF_RULES = Number(process.env.BENCH_XCCDF_RULES ?? 22_600);
const REPORT_RESULTS = Number(process.env.BENCH_POLICY_RESULTS ?? 10_000);
const NS = 'http://checklists.nist.gov/xccdf/1.2';
const STATUSES = ['pass', 'fail', 'pass', 'notapplicable', 'fail', 'notselected'];

function writeXccdf(file) {
  const fd = openSync(file, 'w');
  const filler = 'Ensure the setting is configured as the benchmark requires, for every node. '.repeat(24);
  writeSync(fd, `<?xml version="1.0" encoding="UTF-8"?>\n<Benchmark xmlns="${NS}" id="xccdf_org.example_benchmark_bench">\n`);
  for (let i = 0; i < XCCDF_RULES; i++) {
    writeSync(
      fd,
      `<Rule id="xccdf_org.example_rule_r${i}" selected="true" severity="medium"><title>Rule ${i} keeps the cluster hardened</title>` +
        `<description>${filler}</description><fix>oc patch config/rule-${i} --type merge</fix></Rule>\n`,
    );
  }
  writeSync(fd, `<TestResult id="xccdf_org.open-scap_testresult_bench"><profile idref="xccdf_org.example_profile_moderate"/><target>node-1</target>\n`);
  for (let i = 0; i < XCCDF_RULES; i++) {
    writeSync(
      fd,
      `<rule-result idref="xccdf_org.example_rule_r${i}" severity="medium" weight="1.000000"><result>${STATUSES[i % STATUSES.length]}</result>` +
        `<message severity="info">observed value ${i}</message></rule-result>\n`,
    );
  }
  writeSync(fd, '</TestResult>\n</Benchmark>\n');
  closeSync(fd);
}

function writePolicyReport(file) {
  const lines = ['apiVersion: wgpolicyk8s.io/v1alpha2', 'kind: ClusterPolicyReport', 'metadata:', '  name: bench', 'results:'];
  for (let i = 0; i < REPORT_RESULTS; i++) {
    lines.push(
      `- policy: policy-${i % 200}`,
      `  rule: rule-${i}`,
      `  result: ${['pass', 'fail', 'warn'][i % 3]}`,
      '  severity: medium',
      '  category: Pod Security Standards (Restricted)',
      `  message: validation rule 'rule-${i}' checked the pod security context`,
      '  resources:',
      `  - {apiVersion: v1, kind: Pod, namespace: team-${i % 40}, name: app-${i}}`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/**
 * The baseline: one pass of saxes over the file as a user would write it (namespaces resolved,
 * 64 KiB chunks, every start tag visited, rule-results counted). It is the first saxes run of
 * this process, so, like the ingest in the fresh backend, it includes the JIT warming up. From
 * run to run it varies by some 15%, as does the ingest, and not together: compare several runs.
 */
async function plainXml(file) {
  const started = process.hrtime.bigint();
  const parser = new SaxesParser({ xmlns: true });
  let results = 0;
  parser.on('opentag', tag => {
    if (tag.local === 'rule-result') results++;
  });
  for await (const chunk of createReadStream(file)) parser.write(chunk.toString('utf8'));
  parser.close();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, results };
}

async function plainYaml(file) {
  const started = process.hrtime.bigint();
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).map(d => d.toJS({ maxAliasCount: 100 }));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, results: docs[0].results.length };
}

async function ingest(backend, file, entityRef) {
  const body = readFileSync(file);
  const baseline = rssMb(backend.pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(backend.pid));
  }, 25);
  const started = process.hrtime.bigint();
  const res = await fetch(`${backend.base}/api/security/v1/reports?entityRef=${encodeURIComponent(entityRef)}`, {
    method: 'POST',
    body,
    headers: { Authorization: `Bearer ${backend.uploadToken}` },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(backend.pid));
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${text.slice(0, 300)}`);
  return { seconds, controls: JSON.parse(text).counts.controls, growth: peak - baseline };
}

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Each report is parsed plainly and ingested RUNS times, alternating, into a fresh entity each
 * time (the same bytes for the same entity would be a repeat upload); medians are compared.
 */
async function main() {
  const work = mkdtempSync(join(tmpdir(), 'bench-compliance-'));
  const xccdf = join(work, 'results.xccdf.xml');
  const report = join(work, 'policy-report.yaml');
  writeXccdf(xccdf);
  writePolicyReport(report);
  const rows = [];
  for (const [name, file, plain] of [
    ['XCCDF', xccdf, plainXml],
    ['Policy Report', report, plainYaml],
  ]) {
    // scripts/bench/entities.yaml declares bench-0 to bench-4
    const entities = Array.from({ length: Math.min(RUNS, 5) }, (_, r) => `bench-${r}`);
    const backend = await startBenchBackend({
      configs: [],
      env: { BENCH_DATA_DIR: mkdtempSync(join(work, 'sqlite-')) },
      entities,
    });
    try {
      const bare = [];
      const runs = [];
      for (const entity of entities) {
        bare.push(await plain(file));
        runs.push(await ingest(backend, file, `component:default/${entity}`));
      }
      const ingestS = median(runs.map(r => r.seconds));
      const plainS = median(bare.map(b => b.seconds));
      rows.push({
        report: name,
        MB: (statSync(file).size / 1e6).toFixed(1),
        'control results': runs[0].controls,
        'ingest s (median)': ingestS.toFixed(2),
        'controls/s': Math.round(runs[0].controls / ingestS),
        'plain parse s (median)': plainS.toFixed(2),
        'ratio (target ≤ 2)': (ingestS / plainS).toFixed(2),
        'ratios of the runs': runs.map((r, k) => (r.seconds / bare[k].seconds).toFixed(2)).join(' '),
        'peak RSS growth MB (target ≤ 256)': Math.round(Math.max(...runs.map(r => r.growth))),
      });
      console.log(JSON.stringify(rows.at(-1)));
    } finally {
      await backend.stop();
    }
  }
  console.table(rows);
  rmSync(work, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
