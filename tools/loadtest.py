"""What `make bench` and `make soak` share: generated content, the wrk load generator, worker memory.

Used by the `bench` and `soak` management commands (see the README, "Speed and scale") and by the query
budget tests, which need the same large amounts of content.
"""

import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from articles.models import Article, Category, Source
from faq.models import Question, Theme
from mesoinfo.editorial.models import Contributor, RelatedPage, Status
from mesoinfo.search import index

GENERATED_PREFIX = "genere-"
PARAGRAPH = (
    "<p>La mésothérapie consiste en de petites injections dans la peau, près de la zone à traiter. "
    "Ce texte généré sert à mesurer le site : il a la longueur d’un vrai article, avec des intertitres, "
    "des listes et des liens, pour que le rendu coûte ce qu’il coûtera avec le contenu réel.</p>"
)
BODY = (
    f"<h2>Ce qu’il faut savoir</h2>{PARAGRAPH * 3}<ul><li>Première idée</li><li>Deuxième idée</li></ul>"
    f"<h2>Les précautions</h2>{PARAGRAPH * 3}<h3>Avant la séance</h3>{PARAGRAPH * 2}"
)


def generate_content(articles, questions, sources_per_article=3, articles_per_question=3):
    """Add generated published articles (with sources) and questions (with related articles), in bulk.

    Spread over the categories and themes of the data migrations; slugs start with `genere-`, so that
    `remove_generated_content` finds them again. Returns the new articles and questions.
    """
    categories, themes = list(Category.objects.all()), list(Theme.objects.all())
    author = Contributor.objects.order_by("pk").first()
    published_at = timezone.now() - datetime.timedelta(days=1)
    review = {"published_at": published_at, "last_reviewed": datetime.date(2026, 11, 1)}
    review["next_review"] = datetime.date(2027, 11, 1)
    start = Article.objects.filter(slug__startswith=GENERATED_PREFIX).count()
    with transaction.atomic():
        new_articles = Article.objects.bulk_create(
            Article(
                slug=f"{GENERATED_PREFIX}article-{start + n}",
                category=categories[n % len(categories)],
                position=n,
                title_fr=f"Article généré numéro {start + n}",
                title_en=f"Generated article number {start + n}",
                summary_fr="Un résumé généré, d’une ou deux phrases, comme ceux des vrais articles.",
                summary_en="A generated summary, one or two sentences long, like the real ones.",
                body_fr=BODY,
                body_en=BODY,
                status=Status.PUBLISHED,
                author=author,
                **review,
            )
            for n in range(articles)
        )
        Source.objects.bulk_create(
            Source(article=article, position=n, title=f"Rapport {n}", publisher="Inserm", year=2010 + n)
            for article in new_articles
            for n in range(sources_per_article)
        )
        start = Question.objects.filter(slug__startswith=GENERATED_PREFIX).count()
        new_questions = Question.objects.bulk_create(
            Question(
                slug=f"{GENERATED_PREFIX}question-{start + n}",
                theme=themes[n % len(themes)],
                position=n,
                question_fr=f"Question générée numéro {start + n} ?",
                question_en=f"Generated question number {start + n}?",
                answer_fr=PARAGRAPH * 2,
                answer_en=PARAGRAPH * 2,
                status=Status.PUBLISHED,
                author=author,
                **review,
            )
            for n in range(questions)
        )
        if new_articles:
            question_type, article_type = map(ContentType.objects.get_for_model, (Question, Article))
            RelatedPage.objects.bulk_create(
                (
                    RelatedPage(
                        from_type=question_type,
                        from_id=question.pk,
                        to_type=article_type,
                        to_id=new_articles[(i * articles_per_question + k) % len(new_articles)].pk,
                        position=k,
                    )
                    for i, question in enumerate(new_questions)
                    for k in range(articles_per_question)
                ),
                ignore_conflicts=True,
            )
        # What a save would have done: texts prepared for display, pages in the search index.
        Article.objects.filter(pk__in=[article.pk for article in new_articles]).prepare_texts()
        Question.objects.filter(pk__in=[question.pk for question in new_questions]).prepare_texts()
        pages = [*new_articles, *new_questions]
        for start in range(0, len(pages), index.BATCH):
            index.update(pages[start : start + index.BATCH])
    return new_articles, new_questions


def remove_generated_content():
    """Delete what `generate_content` added (and only that). The search index is paused meanwhile (one page at
    a time, the vocabulary would be rewritten a thousand times), then written again from the pages left."""
    with index.paused(), transaction.atomic():
        Question.objects.filter(slug__startswith=GENERATED_PREFIX).delete()
        Article.objects.filter(slug__startswith=GENERATED_PREFIX).delete()
    index.rebuild()


# Servers and load: gunicorn started the way `make serve` starts it, wrk on 127.0.0.1.

HELLO_APPLICATION = "tools.hello_wsgi:application"
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br"  # what Chromium and Firefox send: the load asks as they do
SITE_APPLICATION = "mesoinfo.wsgi"
WRK_SCRIPT = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk-result %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class Load:
    requests: int
    seconds: float
    errors: int  # connection errors, timeouts and answers other than 2xx/3xx
    p50_ms: float
    p99_ms: float
    refused: int = 0  # of the errors, answers other than 2xx/3xx (a search limit's 429)

    @property
    def rate(self):
        return self.requests / self.seconds


def wrk_path():
    path = shutil.which("wrk")
    if path is None:
        raise CommandError("wrk not found: apt-get install wrk (Debian's package), then run this again.")
    return path


def run_wrk(base_url, paths, connections, seconds, threads=2):
    """Load `paths` in turn on `connections` connections for `seconds`; wrk's own latency histogram."""
    return run_wrk_together([(base_url, paths, connections)], seconds, threads)[0]


def run_wrk_together(runs, seconds, threads=2):
    """Several loads at once, each (base URL, paths, connections), for `seconds`: [Load] in the same order."""
    started = []
    try:
        for base_url, paths, connections in runs:
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(WRK_SCRIPT % {"paths": ", ".join(f'"{path}"' for path in paths)})
            command = [
                wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script.name,
                "-H", f"Accept-Encoding: {BROWSER_ACCEPT_ENCODING}", base_url,
            ]  # fmt: skip
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603 (Debian's wrk on our own server)
            started.append((process, script.name))
        loads = []
        for process, _script in started:
            output, errors = process.communicate(timeout=seconds + 60)
            if process.returncode:
                raise CommandError(f"wrk failed: {errors.strip()}")
            line = next(line for line in output.splitlines() if line.startswith("wrk-result"))
            requests, duration, *failures, p50, p99 = (int(value) for value in line.split()[1:])
            loads.append(Load(requests, duration / 1e6, sum(failures), p50 / 1000, p99 / 1000, failures[3]))
        return loads
    finally:
        for process, script in started:
            if process.poll() is None:
                process.kill()
                process.wait()
            os.unlink(script)


class Gunicorn:
    """gunicorn with gunicorn.conf.py on 127.0.0.1:port, as `make serve` runs it, stopped on exit."""

    def __init__(self, application, port, env=None, log=None):
        self.application, self.port = application, port
        self.env = {**os.environ, **(env or {}), "HOST": "127.0.0.1", "PORT": str(port)}
        self.log = log
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        output = open(self.log or os.devnull, "ab")
        self.process = subprocess.Popen(  # noqa: S603 (the project's own gunicorn)
            [str(gunicorn), "-c", "gunicorn.conf.py", self.application],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        output.close()
        wait_until_up(self.url + "/", self.process)
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def workers(self):
        """The worker processes' ids, read from /proc (Linux)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in path.read_text().split())

    def worker_memory(self):
        """{worker pid: resident memory in MiB}."""
        return {pid: rss_mib(pid) for pid in self.workers()}


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_until_up(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"gunicorn stopped at start (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own local server)
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"{url} did not answer within {seconds} s")


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own local server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def manage(env, *arguments):
    """`manage.py …` in a subprocess with `env` (its DATABASE_URL): returns what it printed; a failure stops
    the benchmark with the end of what the command wrote on its error output."""
    command = [sys.executable, "manage.py", *arguments]
    result = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        errors = result.stderr.strip().splitlines()[-5:]
        raise CommandError(f"manage.py {' '.join(arguments)} failed:\n" + "\n".join(errors))
    return result.stdout


def ensure_database():
    """Create DATABASE_URL's database on first use, the way Django creates its test databases."""
    try:
        connection.ensure_connection()
    except OperationalError as error:
        if "does not exist" not in str(error):
            raise
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])}")


def prepare_database(env, articles, questions, stdout):
    """Migrate, load the editorial content and add generated content, in subprocesses using `env`."""
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["load_content"],
        ["collectstatic", "--no-input", "-v", "0"],
        ["generate_content", "--articles", str(articles), "--questions", str(questions)],
    ):
        stdout.write(f"  manage.py {' '.join(command)}")
        manage(env, *command)


def bench_database(stdout):
    """(environment, folder): DATABASE_URL when it is set (generated content is removed afterwards), else a
    throwaway SQLite file, with the page cache's generation file beside it, in a folder removed afterwards."""
    url = os.environ.get("DATABASE_URL")
    if url:
        stdout.write(f"Database: DATABASE_URL ({url.split('@')[-1]}): generated content is added, then removed.")
        ensure_database()
        return {**os.environ}, None
    folder = tempfile.mkdtemp(prefix="mesoinfo-bench-")
    stdout.write(f"Database: a throwaway SQLite file in {folder} (DATABASE_URL unset; db.sqlite3 is not touched).")
    env = {
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "DJANGO_PAGE_CACHE_GENERATION_FILE": f"{folder}/generation",
    }
    return {**os.environ, **env}, folder


def cleanup_database(env, folder):
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        manage(env, "generate_content", "--remove")


def sample_article_path(env):
    """The address of a generated article, read from the prepared database."""
    code = (
        "from articles.models import Article; "
        "a = Article.objects.published().filter(slug__startswith='genere-').select_related('category').order_by('pk')"
        "[500]; print(a.get_absolute_url())"
    )
    return manage(env, "shell", "--no-imports", "-c", code).strip().splitlines()[-1]


class RedisServer:
    """A redis-server of its own (Debian's binary, a temporary folder, a free port), which a load test or a
    test stops, starts, freezes (SIGSTOP: it keeps its connections and answers nothing) and thaws. Its data
    survive a stop (append-only file), as a production Redis's would."""

    def __init__(self, *options, port=None):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise CommandError("redis-server is missing: apt-get install redis-server")
        self.port, self.options = port or free_port(), options
        self.folder = Path(tempfile.mkdtemp(prefix="mesoinfo-redis-"))
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def start(self):
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        command += ["--save", "", "--appendonly", "yes", "--logfile", str(self.folder / "log"), *self.options]
        self.process = subprocess.Popen(command)  # noqa: S603 (Debian's redis-server, on 127.0.0.1)
        self.client()

    def client(self):
        import redis

        for _ in range(50):
            try:
                client = redis.Redis(port=self.port, socket_timeout=2)
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.1)
        raise CommandError("redis-server does not answer")

    def stop(self):
        self.process.terminate()  # a clean shutdown: the append-only file is complete
        self.process.wait(timeout=30)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_text(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own local server)
        return response.read().decode()


ACCESS_LINE = re.compile(r'\[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] "[^"]*" (\d{3}) ')


def access_status(line):
    """(status, time as a timestamp) of a line of gunicorn's access log, or (None, None)."""
    match = ACCESS_LINE.search(line)
    if not match:
        return None, None
    moment = datetime.datetime.strptime(match.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp()
    return int(match.group(2)), moment
