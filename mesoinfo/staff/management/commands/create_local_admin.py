import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

# The accounts of `make run`: a superuser, and one account in each editorial group, to try the workflow as
# staff will use it (a writer who cannot publish, a medical reviewer who signs off).
LOCAL_ACCOUNTS = [
    ("admin", None, "superuser"),
    ("redaction", "Rédaction", "writer (Rédaction)"),
    ("relecture", "Relecture médicale", "medical reviewer (Relecture médicale)"),
]


class Command(BaseCommand):
    help = (
        "Create the local staff accounts that do not exist yet — a superuser, a writer (Rédaction) and a medical "
        "reviewer (Relecture médicale) — each with a generated password, printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Name of the superuser account.")

    def handle(self, *args, username, **options):
        User = get_user_model()
        created = []
        for name, group_name, role in LOCAL_ACCOUNTS:
            if group_name is None:
                name = username
                if User.objects.filter(is_superuser=True).exists():
                    continue
            elif User.objects.filter(username=name).exists() or not Group.objects.filter(name=group_name).exists():
                continue
            password = secrets.token_urlsafe(12)
            if group_name is None:
                User.objects.create_superuser(username=name, email="", password=password)
            else:
                user = User.objects.create_user(username=name, email="", password=password, is_staff=True)
                user.groups.add(Group.objects.get(name=group_name))
            created.append((role, name, password))
        if not created:
            return
        lines = [f"  {role:40} username: {name:10}  password: {password}" for role, name, password in created]
        self.stdout.write(
            self.style.SUCCESS(
                "Local staff accounts created:\n" + "\n".join(lines) + "\n"
                "These passwords are shown only once: note them now (change them in the admin).\n"
                "To sign off pages, the medical reviewer account must be linked to the profile of a real physician "
                "(Contributors: medical reviewer, RPPS number), which a superuser creates in the admin."
            )
        )
