"""Logging filters."""

import logging

MAX_MESSAGE = 300


class OneLine(logging.Filter):
    """A record on one short line: no traceback, no line break, its message cut at 300 characters.

    For the records anyone can cause at will (a request with a bad Host header): a traceback each would let
    a client flood the logs, and the header is the client's text, so it must not start new lines.
    """

    def filter(self, record):
        message = record.getMessage()
        message = message.encode("unicode_escape").decode("ascii")  # line breaks and control characters
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "…"
        record.msg, record.args = message, None
        record.exc_info = record.exc_text = record.stack_info = None
        return True
