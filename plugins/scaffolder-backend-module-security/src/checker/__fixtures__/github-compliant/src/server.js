'use strict';

// A deliberately small service: the point of this repository is its pipeline.
const http = require('node:http');

function handle(request, response) {
  if (request.url === '/healthz' || request.url === '/readyz') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok\n');
    return;
  }
  if (request.url === '/api/payments' && request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ payments: [] }));
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('not found\n');
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  http.createServer(handle).listen(port, () => {
    console.log(`payments-api listening on ${port}`);
  });
}

module.exports = { handle };
