"""`make run`'s staff accounts: a superuser, a writer and a medical reviewer, each printed once."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    call_command("create_local_admin", stdout=out)
    return out.getvalue()


def test_three_accounts_in_their_groups_printed_once_with_their_passwords():
    output = run()
    found = dict(re.findall(r"username: (\w+)\s+password: (\S+)", output))
    assert set(found) == {"admin", "redaction", "relecture"}
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    writer, reviewer = User.objects.get(username="redaction"), User.objects.get(username="relecture")
    assert (
        writer.is_staff
        and not writer.is_superuser
        and list(writer.groups.values_list("name", flat=True)) == ["Rédaction"]
    )
    assert reviewer.is_staff and list(reviewer.groups.values_list("name", flat=True)) == ["Relecture médicale"]
    for username, password in found.items():
        assert User.objects.get(username=username).check_password(password), username
    assert "profile of a real physician" in output, "no reviewer profile is made up for the local account"
    assert run() == "", "printed once: the next run creates and prints nothing"
    assert User.objects.count() == 3
