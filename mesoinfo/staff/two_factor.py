"""Two-factor authentication (TOTP, django-otp) for staff in the admin.

Optional by default: staff who have confirmed an authenticator app must give its code when they log in.
With `ADMIN_REQUIRE_2FA` (DJANGO_ADMIN_REQUIRE_2FA=1) it is mandatory: staff without a device may only
reach the enrolment page until they have set one up.
"""

import base64
import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

TOKEN_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "size": 8}
)


def clean_token(value):
    return "".join(value.split())


def verify_with_devices(user, token):
    """The confirmed device of `user` that accepts `token` (each token works once), or None."""
    if not token:
        return None  # a forgotten code is not a guess: the device's own throttling is left alone
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            allowed, _details = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return device
    return None


def is_satisfied(request):
    """Whether the logged-in staff member has done what two-factor authentication asks of them."""
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return True
    return not settings.ADMIN_REQUIRE_2FA and not user_has_device(user)


def must_enrol(request):
    """A staff member without a device on a site that requires one: they must set one up first."""
    user = request.user
    return (
        settings.ADMIN_REQUIRE_2FA
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and not user_has_device(user)
    )


class LoginForm(AdminAuthenticationForm):
    """The admin login form, with the authenticator app's code for staff who turned it on."""

    otp_token = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=12,
        widget=TOKEN_WIDGET,
        help_text=_("The 6-digit code shown by your authentication app, if two-factor authentication is on."),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "otp_invalid": _(
            "Two-factor authentication is on for this account: enter the 6-digit code that your "
            "authentication app shows now. A code works only once."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user_has_device(user):
            return
        device = verify_with_devices(user, clean_token(self.cleaned_data.get("otp_token", "")))
        if device is None:
            # A missing or wrong code is a failed login: django-axes counts it, so codes cannot be guessed.
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=self.request)
            raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
        user.otp_device = device  # django_otp marks the session as verified when Django logs the user in


class ConfirmDeviceForm(forms.Form):
    otp_token = forms.CharField(label=_("Code shown by the app"), max_length=12, widget=TOKEN_WIDGET)

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = clean_token(self.cleaned_data["otp_token"])
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _("This code is not the one expected. Check the time on your phone and enter the current code.")
            )
        return token


def pending_device(user):
    """The not-yet-confirmed device of `user`, created on the first visit of the enrolment page.

    The same device (so the same key) is kept until it is confirmed, so reloading the page does not make
    a code already scanned useless.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="MésoInfo", confirmed=False)


class SetupView(FormView):
    """Enrolment: a QR code (and the key, for manual entry), then a first code to confirm the device."""

    template_name = "admin/two_factor_setup.html"
    form_class = ConfirmDeviceForm
    admin_site = None

    def dispatch(self, request, *args, **kwargs):
        self.active = user_has_device(request.user)
        if request.method == "POST" and "logout" in request.POST:
            logout(request)
            return redirect("admin:login")
        if self.active and request.method == "POST":
            return redirect("admin:two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": None if self.active else pending_device(self.request.user)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = context["form"].device
        key = base64.b32encode(device.bin_key).decode() if device else ""
        return {
            **self.admin_site.each_context(self.request),
            **context,
            "title": _("Two-factor authentication"),
            "active": self.active,
            "required": settings.ADMIN_REQUIRE_2FA,
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        }

    def form_valid(self, form):
        device = form.device
        device.confirmed = True
        device.save()
        TOTPDevice.objects.filter(user=self.request.user, confirmed=False).delete()
        otp_login(self.request, device)
        messages.success(self.request, _("Two-factor authentication is on. You will need a code at each login."))
        return redirect("admin:index")


class QRCodeView(View):
    """The pending device's QR code as an SVG image, drawn here (no third-party service, no script)."""

    def get(self, request):
        if user_has_device(request.user):
            raise Http404  # a confirmed key is never shown again
        device = pending_device(request.user)
        image = io.BytesIO()
        write_qrcode_image(device.config_url, image)
        return HttpResponse(image.getvalue(), content_type="image/svg+xml")
