"""Two-factor authentication is required for the roles that can change what others read."""

from functools import lru_cache

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.roles import ROLES_REQUIRING_TWO_FACTOR

# Paths a person without a second factor may still reach: setting it up, leaving, assets.
ALLOWED_PREFIXES = ("/static/", "/media/", "/healthz", "/i18n/", "/favicon.ico")
ALLOWED_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_two_factor(request):
            messages.warning(
                request,
                _(
                    "Vaše role vyžaduje dvoufázové ověření. Nastavte si ho prosím v aplikaci "
                    "pro ověřovací kódy (například Google Authenticator nebo FreeOTP); "
                    "potom budete pokračovat."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_two_factor(self, request) -> bool:
        user = request.user
        return (
            user.is_authenticated
            and self._requires_two_factor(user)
            and not self._is_allowed(request)
            and not is_mfa_enabled(user, types=["totp"])
        )

    @staticmethod
    def _requires_two_factor(user) -> bool:
        return user.is_superuser or user.has_role(*ROLES_REQUIRING_TWO_FACTOR)

    @staticmethod
    def _is_allowed(request) -> bool:
        if request.path_info.startswith(ALLOWED_PREFIXES):
            return True
        # reverse() includes the script prefix, as request.path does.
        return request.path in _allowed_paths(get_language(), get_script_prefix())


@lru_cache(maxsize=16)
def _allowed_paths(language: str, script_prefix: str) -> frozenset[str]:
    """The addresses of ALLOWED_URL_NAMES in one language: computed once, not per request."""
    allowed = set()
    for name in ALLOWED_URL_NAMES:
        try:
            allowed.add(reverse(name))
        except NoReverseMatch:  # a URL that is not installed cannot be visited
            continue
    return frozenset(allowed)
