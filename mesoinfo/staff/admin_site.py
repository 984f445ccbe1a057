from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.admin import OTPAdminSite

from mesoinfo.staff import two_factor


class AdminSite(OTPAdminSite):
    """django-otp's admin site, closed to staff who have not done what two-factor authentication asks of them.

    django-otp's own rule is "verified by a device, always"; here that holds for staff who have a device, and
    for every staff member with ADMIN_REQUIRE_2FA; otherwise the password is enough.
    """

    login_form = two_factor.LoginForm
    login_template = "admin/login_two_factor.html"

    def __init__(self, name="admin"):
        super().__init__(name)

    def has_permission(self, request):
        return admin.AdminSite.has_permission(self, request) and two_factor.is_satisfied(request)

    def login(self, request, extra_context=None):
        if request.method == "GET" and two_factor.must_enrol(request):
            return redirect("admin:two_factor_setup")
        return super().login(request, extra_context)

    def staff_view(self, view):
        """For logged-in staff whether or not two-factor authentication is done yet (enrolment)."""

        @wraps(view)
        def inner(request, *args, **kwargs):
            user = request.user
            if not (user.is_active and user.is_staff):
                return redirect_to_login(request.get_full_path(), reverse("admin:login", current_app=self.name))
            return view(request, *args, **kwargs)

        return never_cache(csrf_protect(inner))

    def get_urls(self):
        return [
            path(
                "double-authentification/",
                self.staff_view(two_factor.SetupView.as_view(admin_site=self)),
                name="two_factor_setup",
            ),
            path(
                "double-authentification/qr-code.svg",
                self.staff_view(two_factor.QRCodeView.as_view()),
                name="two_factor_qrcode",
            ),
            *super().get_urls(),
        ]
