"""schema.org data (JSON-LD) that describes each page to search engines, built from what the page shows.

Everything is data in a `<script type="application/ld+json">` element, the only script the
Content-Security-Policy lets through inline: browsers never execute it. Absolute addresses come from the
request (`build_absolute_uri`), so that they carry the host and scheme the visitor used.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

CONTEXT = "https://schema.org"
SITE_NAME = "MésoInfo"
# What every medical page is about; the name is the French term whatever the page's language.
MESOTHERAPY = {
    "@type": "MedicalProcedure",
    "name": "Mésothérapie",
    "alternateName": "Mesotherapy",
    "procedureType": "https://schema.org/PercutaneousProcedure",
}
PATIENTS = {"@type": "MedicalAudience", "audienceType": "Patient"}

# Characters that could end the script element or start markup inside it, written as JSON escapes.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(data):
    """A JSON-LD script element whose content cannot close the element, whatever the text holds."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(f'<script type="application/ld+json">{text.translate(_ESCAPES)}</script>')  # noqa: S308


def home_url(request):
    """The site's address, the same in every language: the clinic and the site are one entity each."""
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return request.build_absolute_uri(reverse("home"))


def organization(request, site_settings, home):
    """The clinic; `home`: the site's address (`home_url`), worked out once for the whole graph."""
    node = {
        "@type": "Organization",
        "@id": f"{home}#organisation",
        "name": site_settings.clinic_name,
        "url": home,
        "logo": request.build_absolute_uri(static("img/apple-touch-icon.png")),
    }
    if site_settings.email:
        node["email"] = site_settings.email
    if site_settings.phone:
        node["telephone"] = site_settings.phone
    if site_settings.address:
        node["address"] = ", ".join(line.strip() for line in site_settings.address.splitlines() if line.strip())
    return node


def website(home, language):
    return {
        "@type": "WebSite",
        "@id": f"{home}#site",
        "url": home,
        "name": SITE_NAME,
        "inLanguage": language,
        "publisher": {"@id": f"{home}#organisation"},
    }


def breadcrumb_list(request, url, crumbs):
    """The trail from the home page to this page, every step with its absolute address."""
    steps = [(reverse("home"), SITE_NAME), *crumbs]
    return {
        "@type": "BreadcrumbList",
        "@id": f"{url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(label), "item": request.build_absolute_uri(path)}
            for position, (path, label) in enumerate(steps, start=1)
        ],
    }


def web_page(home, page_info, url):
    """The node of the page itself; `page_info.schema` holds its type and the properties of its kind."""
    node = {
        "@id": f"{url}#page",
        "url": url,
        "name": page_info.title,
        "description": page_info.description,
        "inLanguage": page_info.text_language,
        "isPartOf": {"@id": f"{home}#site"},
        "publisher": {"@id": f"{home}#organisation"},
        **page_info.schema,
    }
    if page_info.breadcrumbs:
        node["breadcrumb"] = {"@id": f"{url}#breadcrumb"}
    return node


def contributor(person):
    if person.is_team:
        node = {"@type": "Organization", "name": person.name}
        if person.description:
            node["description"] = person.description
    else:
        node = {"@type": "Person", "name": person.name}
        if person.description:
            node["jobTitle"] = person.description
        if person.is_medical_reviewer and person.rpps:
            node["sameAs"] = person.annuaire_url  # the public record of their RPPS number
    return node


def citation(source):
    node = {"@type": "CreativeWork", "name": source.title}
    if source.publisher:
        node["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.year:
        node["datePublished"] = str(source.year)
    if source.url:
        node["url"] = source.url
    return node


def medical_web_page(page, sources):
    """An article or a question: who wrote it, who reviewed it (only when a sign-off covers its text), when."""
    node = {
        "@type": "MedicalWebPage",
        "medicalAudience": PATIENTS,
        "about": MESOTHERAPY,
        "datePublished": page.published_at,
        "dateModified": page.updated_at,
    }
    if page.last_reviewed:
        node["lastReviewed"] = page.last_reviewed
    if page.author:
        node["author"] = contributor(page.author)
    if page.signoff_id:
        node["reviewedBy"] = contributor(page.signoff.reviewer)
    if sources:
        node["citation"] = [citation(source) for source in sources]
    return node


def evidence_at_a_glance(heading, level, level_meaning, parts):
    """What an indication page's evidence box says, for the page's node: mesotherapy as a therapy for these
    uses, with what the studies show on the site's scale (`level`, explained by `level_meaning`), its usual
    course and its main risks (`about`), and the whole box as a part of the page (`hasPart`).

    `parts`: {"used_for", "studies", "sessions", "price", "reimbursement", "risks", "proven_treatments"} as
    (label, text) pairs, in the page's language.
    """
    return {
        "about": {
            **MESOTHERAPY,
            "@type": "MedicalTherapy",
            "indication": {"@type": "MedicalIndication", "name": parts["used_for"][1]},
            "study": {
                "@type": "MedicalStudy",
                "name": f"{parts['studies'][0]}: {level}",
                "description": level_meaning,
                "outcome": parts["studies"][1],
            },
            "howPerformed": parts["sessions"][1],
            "adverseOutcome": {"@type": "MedicalEntity", "name": parts["risks"][1]},
        },
        "hasPart": {
            "@type": "WebPageElement",
            "cssSelector": ".evidence",
            "name": heading,
            "text": " ".join(f"{label}: {text}" for label, text in parts.values()),
        },
    }


def faq_page(questions):
    return {
        "@type": "FAQPage",
        "about": MESOTHERAPY,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "acceptedAnswer": {"@type": "Answer", "text": question.answer},
            }
            for question in questions
        ],
    }
