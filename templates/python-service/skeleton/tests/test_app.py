"""Unit tests; they need Flask and pytest only (no OpenTelemetry, no network)."""
import pytest

from app import create_app


@pytest.fixture()
def client(monkeypatch):
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    return create_app({"TESTING": True}).test_client()


def test_health(client):
    res = client.get("/healthz")
    assert res.status_code == 200
    assert res.get_json() == {"status": "ok"}


def test_greets_the_world_by_default(client):
    res = client.get("/api/v1/greeting")
    assert res.status_code == 200
    assert res.mimetype == "application/json"
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert res.get_json() == {"message": "Hello, world!"}


def test_greets_by_name(client):
    assert client.get("/api/v1/greeting?name=Ada").get_json() == {"message": "Hello, Ada!"}


def test_refuses_an_overlong_name(client):
    res = client.get("/api/v1/greeting", query_string={"name": "x" * 65})
    assert res.status_code == 400
    assert "1 to 64 characters" in res.get_json()["error"]


def test_unknown_paths_get_a_json_404(client):
    res = client.get("/nope")
    assert res.status_code == 404
    assert res.get_json() == {"error": "not found"}


def test_only_get_is_allowed(client):
    res = client.post("/api/v1/greeting")
    assert res.status_code == 405
    assert "GET" in res.headers["Allow"]


def test_tracing_is_off_when_disabled_or_not_installed(monkeypatch):
    from app import tracing

    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    app = create_app({"TESTING": True})
    assert tracing.configure_tracing(app) is False
    monkeypatch.delenv("OTEL_SDK_DISABLED")
    monkeypatch.setattr(tracing, "trace", None)
    assert tracing.configure_tracing(app) is False
