"""The ceiling of `make bench`: the least a WSGI application can do, served by the same gunicorn setup."""

BODY = b"Hello, world!\n"


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))])
    return [BODY]
