// Entry point: listens on PORT (8080 by default) and drains connections on SIGTERM, which is
// how Kubernetes stops a pod.
import { createApp } from './app.js';

const port = Number.parseInt(process.env.PORT ?? '8080', 10);
const server = createApp();

server.listen(port, '0.0.0.0', () => {
  console.log(JSON.stringify({ level: 'info', msg: 'listening', port }));
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Give in-flight requests a moment, then stop regardless.
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
