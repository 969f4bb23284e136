"""The service: a Flask application factory with a health check and one JSON endpoint."""
from flask import Flask, jsonify, request

from .tracing import configure_tracing

MAX_NAME_LENGTH = 64


def create_app(config=None):
    """Builds the application; tests pass their own config, production uses the defaults."""
    app = Flask(__name__)
    if config:
        app.config.update(config)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.get("/api/v1/greeting")
    def greeting():
        name = request.args.get("name", "world")
        if not 0 < len(name) <= MAX_NAME_LENGTH:
            return jsonify(error=f"name must be 1 to {MAX_NAME_LENGTH} characters"), 400
        return jsonify(message=f"Hello, {name}!")

    @app.errorhandler(404)
    def not_found(_error):
        return jsonify(error="not found"), 404

    @app.errorhandler(405)
    def method_not_allowed(error):
        response = jsonify(error="method not allowed")
        response.status_code = 405
        response.headers["Allow"] = ", ".join(sorted(error.valid_methods or ()))
        return response

    @app.after_request
    def harden(response):
        # JSON only: no sniffing into something else, and nothing cached on the way.
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response

    configure_tracing(app)
    return app
