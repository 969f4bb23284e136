// The HTTP handler, kept apart from server.js so tests can start it on a random port.
import { createServer } from 'node:http';

const MAX_NAME_LENGTH = 64;

/** Writes a JSON body with headers that keep browsers and caches from reinterpreting it. */
function sendJson(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(payload);
}

function greeting(url, res) {
  const name = url.searchParams.get('name') ?? 'world';
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    sendJson(res, 400, { error: `name must be 1 to ${MAX_NAME_LENGTH} characters` });
    return;
  }
  sendJson(res, 200, { message: `Hello, ${name}!` });
}

const routes = {
  '/healthz': (_url, res) => sendJson(res, 200, { status: 'ok' }),
  '/api/v1/greeting': greeting,
};

/** The service's request handler: GET-only routes, JSON in every answer, errors included. */
export function handleRequest(req, res) {
  const url = new URL(req.url ?? '/', 'http://service.invalid');
  const route = routes[url.pathname];
  if (!route) {
    sendJson(res, 404, { error: 'not found' });
  } else if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendJson(res, 405, { error: 'method not allowed' });
  } else {
    route(url, res);
  }
}

export function createApp() {
  return createServer(handleRequest);
}
