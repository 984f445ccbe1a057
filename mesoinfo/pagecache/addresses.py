"""What a request may say about the address of the page it asks for: only what the settings trust.

Every absolute address on a page (canonical, language alternates, feed, breadcrumbs, "report an error") is
built from the request's host, scheme, script name and path, and the page cache keys pages by them. So,
before the page cache or Django reads them, `normalise` makes them the site's own:

- the script name is the configured one (`FORCE_SCRIPT_NAME`, empty: the site lives at the root), whatever a
  `SCRIPT_NAME` request header made the WSGI server put there; the path keeps what the client asked for;
- the host is the configured site address (`SITE_URL`) for any host of `ALLOWED_HOSTS`; without it, the
  request's host name in its canonical form (lower case, no trailing dot, no default port). A port that is
  not a port (`localhost:99999999999999999999`) is refused like a host that is not allowed; a port other than
  the server's own is served but never stored in the shared cache (one entry per port would let anyone fill
  it);
- the path has no run of slashes or backslashes and no control character, so that no link built from it
  (`//evil.example/faq/` made `//evil.example/en/faq/`) leads to another host.

The scheme is left to `SECURE_PROXY_SSL_HEADER`, as Django reads it: it only takes two values.
"""

import functools
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host

NORMALISED = "mesoinfo.address"  # environ key: the outcome of `normalise`, so that it runs once per request
ALLOWED, UNSTORED, REFUSED = "allowed", "unstored", "refused"
PATH_NOISE = re.compile(r"[\x00-\x1f\x7f]+")
SLASHES = re.compile(r"[/\\]{2,}|\\")
DEFAULT_PORTS = {"http": "80", "https": "443"}


class Config:
    def __init__(self):
        self.script_name = settings.FORCE_SCRIPT_NAME or ""
        self.allowed_hosts = list(settings.ALLOWED_HOSTS)
        self.forwarded_host = settings.USE_X_FORWARDED_HOST
        self.proxy_ssl_header = settings.SECURE_PROXY_SSL_HEADER
        site = urlsplit(settings.SITE_URL) if settings.SITE_URL else None
        self.site_host = site.netloc.lower() if site else None


@functools.cache
def config():
    return Config()


def reset_config(**kwargs):
    """`setting_changed` receiver."""
    config.cache_clear()


def scheme(environ):
    """As `HttpRequest.scheme`: X-Forwarded-Proto from the trusted proxy, else the server's scheme."""
    if config().proxy_ssl_header:
        header, secure_value = config().proxy_ssl_header
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def normalise(environ):
    """Rewrite `environ` in place (once) as described above; returns ALLOWED, UNSTORED or REFUSED."""
    outcome = environ.get(NORMALISED)
    if outcome is None:
        _script_name_and_path(environ)
        outcome = environ[NORMALISED] = _host(environ)
    return outcome


def _script_name_and_path(environ):
    wanted = config().script_name
    script_name, path = environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", "")
    if script_name != wanted:
        # The WSGI server cut a script name that no setting declared off the path: the client asked for both.
        path = script_name + path
        path = path[len(wanted) :] if wanted and path.startswith(wanted) else path
        environ["SCRIPT_NAME"] = wanted
    path = SLASHES.sub("/", PATH_NOISE.sub("", path)) or "/"
    environ["PATH_INFO"] = path if path.startswith("/") else "/" + path


def _host(environ):
    header = "HTTP_X_FORWARDED_HOST" if config().forwarded_host and "HTTP_X_FORWARDED_HOST" in environ else "HTTP_HOST"
    raw = environ.get(header)
    if raw is None:
        return ALLOWED  # HTTP/1.0 without Host: Django builds it from SERVER_NAME and SERVER_PORT
    domain, port = split_domain_port(raw)
    if not domain or not validate_host(domain, config().allowed_hosts):
        return ALLOWED  # Django refuses it (400) with its own check
    if port and (not port.isdigit() or not 0 < int(port) <= 65535):
        environ[header] = config().site_host or domain  # so that the error page does not show it either
        return REFUSED
    request_scheme = scheme(environ)
    port = port.lstrip("0") if port else ""
    own_port = port in ("", DEFAULT_PORTS.get(request_scheme), environ.get("SERVER_PORT"))
    if config().site_host:
        host = config().site_host
    else:
        host = domain if port in ("", DEFAULT_PORTS.get(request_scheme)) else f"{domain}:{port}"
    environ[header] = host
    return ALLOWED if own_port or config().site_host else UNSTORED
