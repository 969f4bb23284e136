// OpenTelemetry tracing, loaded before the app with `node --import ./src/tracing.js`.
//
// Everything is configured by the standard OTEL_* variables (see the deployment):
// OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER (otlp by default,
// `console` to print spans, `none` to turn them off), OTEL_TRACES_SAMPLER and
// OTEL_RESOURCE_ATTRIBUTES. OTEL_SDK_DISABLED=true turns the SDK off entirely.
import { register } from 'node:module';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

// The loader hook lets the instrumentation patch ES modules, not only CommonJS ones.
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

const sdk = new NodeSDK({
  instrumentations: [
    // Probes hit /healthz every few seconds; tracing them would drown the real requests.
    new HttpInstrumentation({ ignoreIncomingRequestHook: req => req.url === '/healthz' }),
  ],
});

sdk.start();

// Flush spans still in memory before the process exits.
process.once('beforeExit', () => {
  sdk.shutdown().catch(error => console.error('tracing shutdown failed', error));
});
