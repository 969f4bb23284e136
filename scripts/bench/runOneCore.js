#!/usr/bin/env node
// Runs a TypeScript bench script on one CPU core (taskset) when the machine has taskset.
const { spawnSync } = require('node:child_process');

const script = process.argv[2];
const node = [process.execPath, '-r', '@backstage/cli/config/nodeTransform.cjs', script];
const pinned = spawnSync('taskset', ['--version']).status === 0;
if (pinned) console.log('pinned to core 0 with taskset');
const [cmd, ...args] = pinned ? ['taskset', '-c', '0', ...node] : node;
const run = spawnSync(cmd, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
