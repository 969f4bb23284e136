'use strict';

const assert = require('node:assert');
const { test } = require('node:test');
const { handle } = require('../src/server');

function call(url, method = 'GET') {
  return new Promise(resolve => {
    const response = {
      writeHead(status) {
        this.status = status;
      },
      end(body) {
        resolve({ status: this.status, body });
      },
    };
    handle({ url, method }, response);
  });
}

test('answers the health check', async () => {
  assert.deepStrictEqual(await call('/healthz'), { status: 200, body: 'ok\n' });
});

test('lists payments', async () => {
  const { status, body } = await call('/api/payments');
  assert.strictEqual(status, 200);
  assert.deepStrictEqual(JSON.parse(body), { payments: [] });
});
