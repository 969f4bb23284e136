// Unit tests with the built-in runner (`node --test`); no network beyond the loopback.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../src/app.js';

describe('service', () => {
  let server;
  let base;

  before(async () => {
    server = createApp();
    await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => new Promise(resolve => server.close(resolve)));

  it('reports health', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('greets the world by default', async () => {
    const res = await fetch(`${base}/api/v1/greeting`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(await res.json(), { message: 'Hello, world!' });
  });

  it('greets by name', async () => {
    const res = await fetch(`${base}/api/v1/greeting?name=Ada`);
    assert.deepEqual(await res.json(), { message: 'Hello, Ada!' });
  });

  it('refuses an overlong name', async () => {
    const res = await fetch(`${base}/api/v1/greeting?name=${'x'.repeat(65)}`);
    assert.equal(res.status, 400);
    assert.match((await res.json()).error, /1 to 64 characters/);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await fetch(`${base}/nope`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'not found' });
  });

  it('allows only GET and HEAD', async () => {
    const res = await fetch(`${base}/api/v1/greeting`, { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
  });
});
