from mesoinfo.pages.models import SiteSettings


def site(request):
    """The clinic's details, for the footer of every page (cached, so no query per page)."""
    return {"site_settings": SiteSettings.load()}
