"""Several app servers: two gunicorn instances share one PostgreSQL database and one Redis.

An article edited through instance A's admin (a real login and form post over HTTP) shows on instance B at
once; the staff session opened on A is valid on B. Runs on the machine's PostgreSQL (the server of
DATABASE_URL when it is PostgreSQL) in a database of its own, and on TEST_REDIS_URL under a key prefix of its
own.
"""

import os
import re
import secrets

from tests.support.admin_forms import form_fields
from tests.support.servers import (
    Browser,
    free_port,
    fresh_database,
    machine_postgres_url,
    prepare_site,
    production_env,
)
from tools.loadtest import SITE_APPLICATION, Gunicorn, manage

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "a-long-test-password-for-two-servers"


def first_article(env):
    code = (
        "from articles.models import Article; a = Article.objects.published().order_by('pk').first(); "
        "print(a.pk, a.get_absolute_url())"
    )
    pk, path = manage(env, "shell", "--no-imports", "-c", code).split()[-2:]
    return pk, path


def test_an_edit_through_one_server_shows_on_the_other_at_once(tmp_path):
    with fresh_database(machine_postgres_url()) as database_url:
        env = production_env(
            DATABASE_URL=database_url, REDIS_URL=REDIS_URL, DJANGO_CACHE_KEY_PREFIX=f"test-{secrets.token_hex(4)}"
        )
        prepare_site(env)
        manage(
            {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
            "createsuperuser",
            "--no-input",
            "--username",
            "staff",
            "--email",
            "staff@example.org",
        )
        pk, path = first_article(env)
        with (
            Gunicorn(SITE_APPLICATION, free_port(), env, log=tmp_path / "a.log") as a,
            Gunicorn(SITE_APPLICATION, free_port(), env, log=tmp_path / "b.log") as b,
        ):
            visitor = Browser(b.url)
            for _ in range(3):  # rendered, then from the shared cache
                before = visitor.get(path)
            assert before.status == 200 and "Titre modifié sur A" not in before.text

            staff = Browser(a.url)
            login = form_fields(staff.get("/admin/login/?next=/admin/").text, "login-form")
            typed = {"username": "staff", "password": PASSWORD}
            response = staff.post(
                "/admin/login/?next=/admin/", [[name, typed.get(name, value)] for name, value in login]
            )
            assert response.status == 302 and "sessionid" in staff.cookies, response.text[:2000]

            change = staff.get(f"/admin/articles/article/{pk}/change/")
            assert change.status == 200
            fields = form_fields(change.text, "article_form")
            for field in fields:
                if field[0] == "title_fr":
                    field[1] = "Titre modifié sur A"
            # A superuser changing a text no physician signed off says so explicitly (see the medical sign-off).
            fields.append(["publish_unreviewed", "on"])
            fields.append(["_save", "Enregistrer"])
            saved = staff.post(f"/admin/articles/article/{pk}/change/", fields)
            assert saved.status == 302, re.findall(r'class="errorlist[^>]*>.*?</ul>', saved.text, re.S)

            after = visitor.get(path)  # on B, straight away
            assert after.status == 200 and "Titre modifié sur A" in after.text

            staff_on_b = Browser(b.url)
            staff_on_b.cookies = dict(staff.cookies)  # the session lives in the shared database
            assert staff_on_b.get("/admin/").status == 200
