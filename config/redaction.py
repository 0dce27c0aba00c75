"""Keep capability tokens out of logs: paths such as /registrations/<token>/ are logged with the token
replaced, both by Django's loggers and by gunicorn's access log."""

import logging
import re
from collections.abc import Mapping

# Path segments that follow these prefixes are secrets (signed links, ticket links, feed secrets...).
_SECRET_PATH = re.compile(
    r"(/(?:en/)?(?:registrations|tickets|me|exhibitors|meetings|nominate|calendar/personal)/)([^/?\s\"]+)"
)


def redact(text: str) -> str:
    return _SECRET_PATH.sub(r"\1[redacted]", text)


class RedactTokensFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, Mapping):
            # logger.info("%(path)s", {...}) (Celery does this): keep a mapping, or formatting fails.
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}
        elif record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in args)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = None  # the request object would print the full URL in tracebacks
        return True


from gunicorn.glogging import Logger as _GunicornLogger  # noqa: E402


class GunicornLogger(_GunicornLogger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
