import json
import logging
import sys

FIELDS = ("method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """Log records as one JSON object a line, with the request fields when present."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class StandardStreamHandler(logging.StreamHandler):
    """A StreamHandler that writes to sys.stdout or sys.stderr as it is when a record comes,
    not as it was when logging was configured (as logging's own last-resort handler does).
    A test runner swaps those streams and closes the ones it swapped in; a thread that logs
    later (the page cache's listener, say) would otherwise fail with "I/O operation on closed
    file" instead of writing its line."""

    def __init__(self, which="stderr"):
        logging.Handler.__init__(self)
        self.which = which

    @property
    def stream(self):
        return getattr(sys, self.which)
