from csp.constants import NONCE
from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class AdminContentSecurityPolicyMiddleware:
    """The admin's policy: the site's strict one, plus a per-request nonce for the editor's import map.

    django-prose-editor loads ES modules through a `<script type="importmap">`, which counts as an inline
    script: only that tag carries the nonce (see mesoinfo.admin). Public pages never get a nonce, so their
    policy stays `script-src 'self'`. Listed after CSPMiddleware, so it runs first on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.prefix):
            response._csp_update = {"script-src": [NONCE]}
        return response


class StaffNeverCacheMiddleware:
    """Pages seen by a signed-in staff member (previews of drafts included) are never stored by any cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only requests with a session cookie can come from staff: visitors' sessions are never read.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff:
            add_never_cache_headers(response)  # includes Cache-Control: private
            patch_vary_headers(response, ["Cookie"])
        return response
