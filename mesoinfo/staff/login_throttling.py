"""Admin login throttling (django-axes): which address a request comes from, and the lockout page."""

import ipaddress

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def client_ip(request):
    """The client's address, as the outermost trusted reverse proxy saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N trusted
    proxies the N-th entry from the right was written by the outermost one; anything to its left came from
    the client and may be forged. With no trusted proxy (the default) the header is ignored entirely.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote  # not through the whole proxy chain: only the direct peer is known
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(request, original_response=None, credentials=None):
    """The French page shown once an account or an address is locked out (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "admin/lockout.html",
        {**admin.site.each_context(request), "minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
