"""Client errors are logged on one line: a 403 or a refused Host header is something a client did, worth a
line with its reason, not a server fault worth a traceback (Django logs them with the exception's
traceback, which buried the log under the stack of every forbidden request)."""

import logging

CLIENT_ERROR_LOGGERS = ("django.request", "django.security")


class ClientErrorsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.exc_info
            and record.name.startswith(CLIENT_ERROR_LOGGERS)
            and getattr(record, "status_code", 500) < 500
        ):
            exc = record.exc_info[1]
            message = record.getMessage()
            reason = str(exc)
            name = type(exc).__name__
            # DisallowedHost and other SuspiciousOperations are logged with the exception's text as the
            # message already: name the exception, without repeating its text.
            record.msg = f"{message} ({name})" if reason in ("", message) else f"{message} ({name}: {reason})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
