"""The page types of the site, and what each app contributes to the site-wide parts.

A page type is a concrete model that subclasses `Publishable`: defining it in an installed app is all it
takes for the page cache, the search, the home page, the health-problem pages, the sitemap and the admin's
work list to know it. An app also gives its content loader and its sitemaps through attributes of its
`AppConfig` (`content_loader`, `sitemaps`, `signoff_policy`, `admin_worklist`: dotted paths), read here in the
order of INSTALLED_APPS.
"""

import functools

from django.apps import apps
from django.utils.module_loading import import_string

from mesoinfo.editorial.models import Publishable


@functools.cache
def page_types():
    """Every concrete Publishable model, in the order of INSTALLED_APPS (articles before FAQ questions)."""
    return tuple(
        model
        for config in apps.get_app_configs()
        for model in config.get_models()
        if issubclass(model, Publishable) and not model._meta.proxy
    )


def contributions(attribute):
    """The objects that installed apps name in their AppConfig's `attribute`, in the order of INSTALLED_APPS."""
    return [
        import_string(getattr(config, attribute))
        for config in apps.get_app_configs()
        if getattr(config, attribute, None)
    ]


def signoff_required():
    """Whether a page needs a medical sign-off before it is published: what the apps that name a policy in their
    AppConfig (`signoff_policy`, a function) say — the site setting —, and yes when none does."""
    return all(policy() for policy in contributions("signoff_policy"))


def admin_worklist(user, limit):
    """The admin home's sections that installed apps add (`admin_worklist` on their AppConfig: a function of
    the user and the number of items to list, returning sections as `mesoinfo.editorial.admin.worklist` does)."""
    return [section for contribute in contributions("admin_worklist") for section in contribute(user, limit)]


def public_content_apps():
    """The apps whose tables make the public pages (`public_content = True` on their AppConfig)."""
    return [config for config in apps.get_app_configs() if getattr(config, "public_content", False)]
