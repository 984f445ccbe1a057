"""Two-factor authentication for staff in the admin, by django-otp.

django-otp does the work: its devices (TOTP for authenticator apps, static backup codes), their throttling
and single use, the admin login form (`OTPAdminAuthenticationForm`), the verified session, and the QR code
(`django_otp.qr`). What is here is what it leaves to each site:

- the login form's policy: optional by default (staff who have a device must give its code), mandatory with
  `ADMIN_REQUIRE_2FA` (DJANGO_ADMIN_REQUIRE_2FA=1: staff without a device may only reach the enrolment page
  until they have set one up); one generic message whatever was wrong (user name, password or code), so that
  a failure never tells whether the password was right, nor whether the account has a second factor; the
  device is chosen by the code's shape (6 digits: the app; otherwise a backup code) rather than from a list
  that would show which devices an account has; a wrong or missing code counts as a failed login for
  django-axes;
- enrolment: a QR code drawn here as SVG, the key to type, a first code to confirm; then backup codes.
"""

import base64
import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

BACKUP_CODES = 10
BACKUP_DEVICE_NAME = "Codes de secours"
TOKEN_WIDGET = forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10})
FAILED_LOGIN = _(
    "The username, password or verification code is not correct. Check them (capital letters count) and try again."
)


def clean_token(value):
    return "".join((value or "").split())


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


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


class LoginForm(OTPAdminAuthenticationForm):
    """django-otp's admin login form: the code under the password, for staff who have a device."""

    otp_token = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=16,
        widget=TOKEN_WIDGET,
        help_text=_(
            "The 6-digit code shown by your authentication app, or one of your backup codes, if two-factor "
            "authentication is on."
        ),
    )

    def clean_otp_token(self):
        return clean_token(self.cleaned_data.get("otp_token"))

    def clean(self):
        try:
            AdminAuthenticationForm.clean(self)  # user name and password, staff only
        except ValidationError:
            raise self.failed() from None
        user = self.get_user()
        if user_has_device(user):  # optional or not, whoever has a device must give its code
            try:
                self.clean_otp(user)
            except ValidationError:
                # A wrong or missing code is a failed login: django-axes counts it, so codes cannot be guessed.
                user_login_failed.send(
                    sender=__name__, credentials={"username": user.get_username()}, request=self.request
                )
                raise self.failed() from None
        return self.cleaned_data

    def failed(self):
        self.user_cache = None  # nothing about the account reaches the page (no list of its devices)
        return ValidationError(FAILED_LOGIN, code="invalid_login")

    def _update_form(self, user):
        """django-otp would list the account's devices and write the password back into the form: neither."""

    def _chosen_device(self, user):
        token = self.cleaned_data.get("otp_token", "")
        kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        return next((d for d in devices_for_user(user, confirmed=True, for_verify=True) if isinstance(d, kind)), None)


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


def new_backup_codes(user):
    """Replace the user's backup codes by new ones (django-otp's static device); returns them."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


class SetupView(FormView):
    """Enrolment: a QR code (and the key, for manual entry), then a first code to confirm the device; once on,
    backup codes to print, each valid once, shown only when they are made."""

    template_name = "admin/two_factor_setup.html"
    form_class = ConfirmDeviceForm
    admin_site = None

    def dispatch(self, request, *args, **kwargs):
        self.active = has_app(request.user)
        self.backup_codes = None
        if request.method == "POST" and "logout" in request.POST:
            logout(request)
            return redirect("admin:login")
        if self.active and request.method == "POST":
            if "backup_codes" in request.POST and is_satisfied(request):
                self.backup_codes = new_backup_codes(request.user)
                return self.render_to_response(self.get_context_data())
            return redirect("admin:two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": None if self.active else pending_device(self.request.user)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = context["form"].device
        key = base64.b32encode(device.bin_key).decode() if device else ""
        backup = StaticDevice.objects.filter(user=self.request.user, name=BACKUP_DEVICE_NAME).first()
        return {
            **self.admin_site.each_context(self.request),
            **context,
            "title": _("Two-factor authentication"),
            "active": self.active,
            "required": settings.ADMIN_REQUIRE_2FA,
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
            "backup_codes": self.backup_codes,
            "backup_codes_left": backup.token_set.count() if backup else 0,
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
        if has_app(request.user):
            raise Http404  # a confirmed key is never shown again
        device = pending_device(request.user)
        image = io.BytesIO()
        write_qrcode_image(device.config_url, image)
        return HttpResponse(image.getvalue(), content_type="image/svg+xml")
