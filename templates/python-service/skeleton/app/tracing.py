"""OpenTelemetry tracing, configured by the standard OTEL_* environment variables.

OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_SAMPLER and
OTEL_RESOURCE_ATTRIBUTES are read by the SDK itself; OTEL_TRACES_EXPORTER=console prints spans
and =none (or OTEL_SDK_DISABLED=true) turns tracing off.

The OpenTelemetry packages are in requirements.txt and so in the image. Where they are missing
(a bare development environment, or distribution packages without them), tracing is a no-op and
the service runs the same.
"""
import logging
import os

log = logging.getLogger(__name__)

try:
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
except ImportError:  # pragma: no cover - depends on what is installed
    trace = None


def configure_tracing(app):
    """Instruments the Flask app; returns True when tracing is on."""
    exporter_name = os.environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower()
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true" or exporter_name == "none":
        return False
    if trace is None:
        log.info("OpenTelemetry is not installed; tracing is off")
        return False

    exporter = ConsoleSpanExporter() if exporter_name == "console" else OTLPSpanExporter()
    provider = TracerProvider(resource=Resource.create())  # reads OTEL_SERVICE_NAME and friends
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    # Probes hit /healthz every few seconds; tracing them would drown the real requests.
    FlaskInstrumentor().instrument_app(app, excluded_urls="healthz")
    return True
