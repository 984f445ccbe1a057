"""The admin's Content-Security-Policy additions for the rich-text editor, and never-cached answers for staff."""

from csp.constants import NONCE
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from mesoinfo.staff import two_factor

# The base stylesheet that Tiptap (inside django-prose-editor 0.28.0) adds as a <style> element when an
# editor starts. Allowed by its hash rather than by 'unsafe-inline'; a new editor version that changes it
# shows up as a CSP error in the browser tests (tests/browser/test_editor.py).
TIPTAP_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


class AdminContentSecurityPolicyMiddleware:
    """The admin's policy: the site's strict one, plus what the rich-text editor needs, and nothing else.

    django-prose-editor loads ES modules through a `<script type="importmap">`, which counts as an inline
    script: only that tag carries the per-request nonce (see mesoinfo.editorial.admin). Public pages never get a
    nonce nor the style hash, so their policy stays `script-src 'self'; style-src 'self'`. Listed after
    CSPMiddleware, so it runs first on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.prefix):
            response._csp_update = {"script-src": [NONCE], "style-src": [TIPTAP_STYLE_HASH]}
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


class TwoFactorMiddleware:
    """Outside the admin (which has its own check), a signed-in user who has not done what two-factor
    authentication asks of them is a visitor: previews of drafts and any other view that trusts `is_staff`
    or permissions need the second factor too. After django-otp's OTPMiddleware, which marks verified users.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated
        if signed_in and not request.path_info.startswith(self.prefix) and not two_factor.is_satisfied(request):
            request.user = AnonymousUser()
        return self.get_response(request)
