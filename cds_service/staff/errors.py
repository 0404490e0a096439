"""Errors of staff sign-in, mapped to responses in `cds_service.http.error_handlers` (the one
place) and rendered for browsers by `cds_service.staff.responses`.

Hierarchy (below `cds_service.http.errors.ServiceError`):
    StaffError                    a staff page or form refused
        SignInRequiredError       401: no session, or an expired, tampered or revoked one; a
                                  browser GET is sent to /staff/login?next=... instead
        RoleRequiredError         403: signed in, without a role the page needs
        CsrfError                 403: a staff form without its token, or with a wrong one
        SignInThrottledError      429: too many failed sign-ins (Retry-After)
        PasswordSignInOffError    403: the password form is turned off (OIDC only)
        OidcFlowError             400: an identity-provider sign-in that cannot be finished here
                                  (began in another browser, took too long, state mismatch)
        IdentityProviderError     502: the identity provider could not be reached or read

Account problems met by the CLI (`oncomatch staff ...`) are `AccountError`s: one line, exit 1.
    AccountError
        WeakPasswordError         the password breaks the rule (`cds_service.staff.passwords`)
        InvalidNameError          the name is not a valid account name
        DuplicateAccountError     an account of that name exists
        UnknownAccountError       no account of that name
"""

from __future__ import annotations

from cds_service.http.errors import ServiceError


class StaffError(ServiceError):
    title = "Staff sign-in"
    issue_code = "security"


class SignInRequiredError(StaffError):
    status_code = 401
    issue_code = "login"
    title = "Please sign in"

    def __init__(self, log_reason: str) -> None:
        # The reason (expired, tampered, disabled...) goes to the log; the browser is only asked
        # to sign in, so a stolen or forged cookie learns nothing.
        super().__init__("Please sign in to reach the staff pages.")
        self.log_reason = log_reason


class RoleRequiredError(StaffError):
    status_code = 403
    issue_code = "forbidden"
    title = "Not allowed"


class CsrfError(StaffError):
    status_code = 403
    issue_code = "forbidden"
    title = "Form expired"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"This form could not be accepted: {reason}. Reload the page and submit it again."
        )


class SignInThrottledError(StaffError):
    status_code = 429
    issue_code = "throttled"
    title = "Too many failed sign-ins"

    def __init__(self, retry_after_seconds: int) -> None:
        minutes = max(1, -(-retry_after_seconds // 60))
        super().__init__(
            "Too many failed sign-ins for this name or from this address. "
            f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, or ask an "
            "administrator to check the account."
        )
        self.retry_after_seconds = retry_after_seconds


class PasswordSignInOffError(StaffError):
    status_code = 403
    issue_code = "forbidden"
    title = "Sign in with your hospital account"

    def __init__(self) -> None:
        super().__init__(
            "Password sign-in is turned off here: use the hospital sign-in on the sign-in page."
        )


class OidcFlowError(StaffError):
    status_code = 400
    issue_code = "invalid"
    title = "Sign-in not finished"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The sign-in through your hospital account could not be finished: {reason}. "
            "Start it again from the sign-in page."
        )


class IdentityProviderError(StaffError):
    status_code = 502
    issue_code = "transient"
    title = "Identity provider unavailable"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The hospital sign-in service could not be used ({reason}). Try again in a moment; "
            "if it goes on, tell the IT service desk."
        )


class AccountError(Exception):
    """A staff account cannot be made or changed as asked; the message says why."""


class WeakPasswordError(AccountError):
    pass


class InvalidNameError(AccountError):
    pass


class DuplicateAccountError(AccountError):
    def __init__(self, name: str) -> None:
        super().__init__(f"a staff account named {name!r} already exists")


class UnknownAccountError(AccountError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no staff account named {name!r}")
