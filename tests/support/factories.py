"""Small factories for tests: pages of each type, staff members, links between pages."""

import datetime
import itertools

from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.models import Contributor, RelatedPage, Status

_counter = itertools.count(1)


def french_slug(values):
    """`slug` is a translated field: given as such, it would go to the language a request left active."""
    if "slug" in values:
        values = {**values, "slug_fr": values["slug"]}
        del values["slug"]
    return values


def make_article(category, **values):
    n = next(_counter)
    defaults = {
        "slug_fr": f"article-{n}",
        "title_fr": f"Article numéro {n}",
        "title_en": f"Article number {n}",
        "summary_fr": "Un résumé en français.",
        "summary_en": "A summary in English.",
        # Stored as the admin saves it (typographic apostrophe), so that a save changes nothing it did not mean to.
        "essentials_fr": "L’essentiel en français. Une deuxième phrase.",
        "essentials_en": "The essentials in English. A second sentence.",
        "body_fr": "<h2>Partie</h2><p>Un texte en français.</p>",
        "body_en": "<h2>Part</h2><p>A text in English.</p>",
        "status": Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
        "last_reviewed": datetime.date(2026, 11, 1),
        "next_review": datetime.date(2027, 11, 1),
    }
    defaults.update(french_slug(values))
    return Article.objects.create(category=category, **defaults)


def make_question(theme, **values):
    n = next(_counter)
    defaults = {
        "slug_fr": f"question-{n}",
        "question_fr": f"Question numéro {n} ?",
        "question_en": f"Question number {n}?",
        "answer_fr": "<p>Une réponse en français.</p>",
        "answer_en": "<p>An answer in English.</p>",
        "status": Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
        "last_reviewed": datetime.date(2026, 11, 1),
        "next_review": datetime.date(2027, 11, 1),
    }
    defaults.update(french_slug(values))
    return Question.objects.create(theme=theme, **defaults)


def link(page, *others):
    """Link `others` to `page`, after its links so far (a link shows on both pages)."""
    start = RelatedPage.objects.of(page).count()
    RelatedPage.objects.bulk_create(
        RelatedPage(
            from_type=ContentType.objects.get_for_model(page),
            from_id=page.pk,
            to_type=ContentType.objects.get_for_model(other),
            to_id=other.pk,
            position=start + n,
        )
        for n, other in enumerate(others, start=1)
    )


def make_staff(username, group_name):
    """A staff member in one of the editorial groups created by the data migration."""
    user = User.objects.create_user(username, f"{username}@example.org", "a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def make_medical_reviewer(user=None, **values):
    """A physician's reviewer profile (test data: the RPPS number is made up), linked to `user` if given."""
    n = next(_counter)
    defaults = {
        "key": f"dr-test-{n}",
        "name": f"Dr Camille Essai {n}",
        "is_medical_reviewer": True,
        "qualifications_fr": "Docteur en médecine",
        "qualifications_en": "Doctor of medicine",
        "speciality_fr": "Médecine physique et de réadaptation",
        "speciality_en": "Physical medicine and rehabilitation",
        "rpps": f"{10000000000 + n}",
        "declaration_of_interests_fr": "Aucun lien d’intérêts.",
        "declaration_of_interests_en": "No interests to declare.",
        "user": user,
    }
    defaults.update(values)
    return Contributor.objects.create(**defaults)
