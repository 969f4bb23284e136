"""gunicorn settings; the container's filesystem is read-only apart from /tmp."""
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_tmp_dir = "/tmp"
accesslog = "-"
errorlog = "-"
# Kubernetes sends SIGTERM and waits 30 s; finish in-flight requests well within that.
graceful_timeout = 20
