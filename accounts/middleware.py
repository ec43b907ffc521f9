"""Two-factor authentication is required for the roles that can read or change what others
cannot: it must be set up, and it must have been used to open the current session.

Every way into a session goes through allauth's login (the Wagtail and Django admin login
pages only redirect to it), whose second stage asks for the TOTP code. This middleware is
the rule that holds whatever the door: a session of such a person that allauth did not
record as completed with the second factor (`get_authentication_records`) reaches nothing
but the page that asks for the code and the log-out.
"""

from functools import lru_cache

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.roles import requires_two_factor

# Paths anybody may always reach: assets, health, the language switch.
ALLOWED_PREFIXES = ("/static/", "/media/", "/healthz", "/i18n/", "/favicon.ico")
# A person who must set up the second factor may reach the pages that set it up, and leave.
SET_UP_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
)
# A session that has not used the second factor may only enter the code, or leave. Not the
# 2FA settings: removing the authenticator there needs only the password.
CONFIRM_URL_NAMES = ("mfa_reauthenticate", "account_logout")


def session_used_second_factor(request, user) -> bool:
    """Whether allauth recorded a second factor (TOTP or a recovery code) in this session."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            not user.is_authenticated
            or not requires_two_factor(user)
            or request.path_info.startswith(ALLOWED_PREFIXES)
        ):
            return self.get_response(request)
        if not is_mfa_enabled(user, types=["totp"]):
            if request.path in _allowed_paths(
                SET_UP_URL_NAMES, get_language(), get_script_prefix()
            ):
                return self.get_response(request)
            messages.warning(
                request,
                _(
                    "Vaše role vyžaduje dvoufázové ověření. Nastavte si ho prosím v aplikaci "
                    "pro ověřovací kódy (například Google Authenticator nebo FreeOTP); "
                    "potom budete pokračovat."
                ),
            )
            return redirect("mfa_activate_totp")
        if session_used_second_factor(request, user):
            return self.get_response(request)
        if request.path in _allowed_paths(CONFIRM_URL_NAMES, get_language(), get_script_prefix()):
            return self.get_response(request)
        messages.warning(
            request,
            _(
                "Vaše role vyžaduje dvoufázové ověření. Zadejte prosím kód z aplikace pro "
                "ověřovací kódy; potom budete pokračovat."
            ),
        )
        next_url = request.get_full_path() if request.method == "GET" else "/"
        return redirect(
            f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
        )


@lru_cache(maxsize=32)
def _allowed_paths(names: tuple[str, ...], language: str, script_prefix: str) -> frozenset[str]:
    """The addresses of `names` in one language: computed once, not per request.

    reverse() includes the script prefix, as request.path does.
    """
    allowed = set()
    for name in names:
        try:
            allowed.add(reverse(name))
        except NoReverseMatch:  # a URL that is not installed cannot be visited
            continue
    return frozenset(allowed)
