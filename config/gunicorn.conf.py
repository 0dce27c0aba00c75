"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`. Values come from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (bounded memory)
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Capability tokens live in some paths: the logger class redacts them, and query strings are not logged.
logger_class = "config.redaction.GunicornLogger"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
