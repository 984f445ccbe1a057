"""Real servers for the tests that need several processes: gunicorn instances and PostgreSQL servers.

gunicorn is started by `tools.loadtest.Gunicorn`, as `make serve`, `make bench` and `make soak` start it.
"""

import contextlib
import http.client
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import dj_database_url
import psycopg2

from tools.loadtest import RedisServer, manage

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**values):
    """`make serve`'s settings, with nothing inherited from the test run's DJANGO_* variables."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return {
        **base,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "GUNICORN_ACCESSLOG": "",
        "GUNICORN_WORKERS": "2",
        **values,
    }


def machine_postgres_url():
    """The machine's PostgreSQL server: the one DATABASE_URL names when it is PostgreSQL, else 127.0.0.1:5432."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return "postgres://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def fresh_database(server_url):
    """A new, empty PostgreSQL database on that server, dropped afterwards; yields its URL."""
    config = dj_database_url.parse(server_url)
    name = f"mesoinfo_servers_{secrets.token_hex(4)}"
    admin = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"], "dbname": "postgres"}
    if config["PASSWORD"]:
        admin["password"] = config["PASSWORD"]
    run_sql(admin, f'CREATE DATABASE "{name}"')
    parts = urlsplit(server_url)
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        run_sql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_sql(params, sql):
    connection = psycopg2.connect(**params)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


class PrivatePostgres:
    """A PostgreSQL server of its own (Debian's binaries, a temporary data folder, a free port).

    Tests stop and start it at will; the machine's shared server is never touched. initdb refuses to run
    as root, so as root the server runs as the `postgres` user.
    """

    def __init__(self):
        binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
        if not binaries:
            raise RuntimeError("PostgreSQL's server binaries are missing: apt-get install postgresql")
        self.bin = binaries[-1].parent
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="mesoinfo-pg-"))
        self.data = self.folder / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program, *arguments):
        command = [str(self.bin / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def __enter__(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")
        self.start()
        return self

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options, "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def __exit__(self, *exc):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def prepare_site(env):
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_content")


class Browser:
    """A minimal HTTP client with its own cookies: it sends Secure cookies over plain HTTP, as a test must."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        parts = urlsplit(self.base_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode([tuple(item) for item in body] if isinstance(body, list) else body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, body=fields)


PrivateRedis = RedisServer  # shared with `make soak`, which freezes it under load
