/**
 * Starts the real backend (packages/backend) for a benchmark on its own port, with extra
 * config files, and waits until it is ready and its catalog has read the given entities.
 */
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { randomBytes } = require('node:crypto');

const repo = resolve(__dirname, '../..');
const PORT = 7117;
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function startBenchBackend({ configs, env = {}, entities = [] }) {
  const catalogToken = randomBytes(24).toString('hex');
  const uploadToken = randomBytes(24).toString('hex');
  const child = spawn(
    'node',
    [
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      // paths in app-config.yaml are relative to the backend package, as under `yarn start`
      ...['../../app-config.yaml', '../../scripts/bench/app-config.bench.yaml', ...configs].flatMap(c => ['--config', c]),
    ],
    {
      cwd: join(repo, 'packages/backend'),
      env: {
        ...process.env,
        SECURITY_INGEST_TOKEN: uploadToken,
        BENCH_CATALOG_TOKEN: catalogToken,
        BENCH_PORT: String(PORT),
        LOG_LEVEL: 'warn',
        NODE_OPTIONS: '--max-old-space-size=4096',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${PORT}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await sleep(1000);
    child.kill('SIGKILL');
  };
  try {
    await poll(async () => (await fetch(`${base}/.backstage/health/v1/readiness`)).ok, 'the backend did not become ready');
    const headers = { Authorization: `Bearer ${catalogToken}` };
    await poll(async () => {
      const found = await Promise.all(
        entities.map(n => fetch(`${base}/api/catalog/entities/by-name/component/default/${n}`, { headers }).then(r => r.ok)),
      );
      return found.every(Boolean);
    }, 'the catalog did not pick up the bench entities');
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, pid: child.pid, uploadToken, stop };
}

async function poll(check, message) {
  for (let i = 0; i < 600; i++) {
    try {
      if (await check()) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(message);
}

/** Resident set size, from /proc, in MB. */
function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

module.exports = { startBenchBackend, rssMb };
