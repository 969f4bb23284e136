#!/usr/bin/env node
/*
 * Keeps every @backstage/* package in yarn.lock on the Backstage release the repo targets.
 *
 * The registry also serves newer releases, and caret ranges of transitive packages float into
 * them, which mixes releases (a plugin asking for a backend service the pinned backend-defaults
 * does not have). For each @backstage descriptor in yarn.lock this writes a `resolutions` entry
 * with the newest version satisfying its range that was published before the cut-off date.
 * Run it and `yarn install` until it reports nothing unpinnable.
 *
 * Usage: node scripts/pin-backstage-release.js <cutoff ISO date>; then `yarn install`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const semver = require('semver');

const root = path.resolve(__dirname, '..');
const cutoff = new Date(process.argv[2] ?? '');
if (Number.isNaN(cutoff.getTime())) {
  console.error('usage: pin-backstage-release.js <cutoff ISO date>');
  process.exit(2);
}

const lock = fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8');
const descriptors = new Set();
for (const line of lock.split('\n')) {
  if (!line.startsWith('"@backstage/')) continue;
  for (const d of line.replace(/:$/, '').replace(/"/g, '').split(', ')) {
    descriptors.add(d);
  }
}

const times = new Map();
function publishTimes(name) {
  if (!times.has(name)) {
    const out = execFileSync('npm', ['view', name, 'time', '--json'], {
      encoding: 'utf8',
    });
    times.set(name, JSON.parse(out));
  }
  return times.get(name);
}

const pkgPath = path.join(root, 'package.json');
const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
// Earlier pins stay: their descriptors leave yarn.lock once pinned, and dropping them
// would let the newer release back in on the next install.
const resolutions = { ...pkg.resolutions };

for (const descriptor of [...descriptors].sort()) {
  const match = /^(@backstage\/[^@]+)@npm:(.+)$/.exec(descriptor);
  if (!match) continue;
  const [, name, range] = match;
  const candidates = Object.entries(publishTimes(name))
    .filter(([v, t]) => semver.valid(v) && new Date(t) <= cutoff)
    .map(([v]) => v)
    .filter(v => !semver.prerelease(v) && semver.satisfies(v, range));
  const best = semver.maxSatisfying(candidates, range);
  if (!best) {
    console.warn(`no release of ${name} for ${range} before the cut-off`);
    continue;
  }
  resolutions[descriptor] = best;
}

pkg.resolutions = resolutions;
fs.writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`pinned ${Object.keys(resolutions).length} descriptors`);
