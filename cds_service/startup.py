"""What must hold before the service starts, each said in one line: the ONCOMATCH_* settings
parse, and JWT auth has its trusted issuers. `oncomatch serve` and the ASGI module both ask
here, so starting uvicorn directly (as the Docker image does) fails as plainly as the CLI."""

from __future__ import annotations

from pydantic import ValidationError

from cds_service.settings import Settings


class StartupError(Exception):
    """The service cannot start; the message says why, one problem per line."""


def read_settings() -> Settings:
    """The settings from the environment; each bad one named on its own line of the error."""
    try:
        return Settings()
    except ValidationError as error:
        lines = [
            _setting_problem(item["loc"], item["msg"]) for item in error.errors(include_url=False)
        ]
        raise StartupError("\n".join(lines)) from None


def _setting_problem(location: tuple[int | str, ...], message: str) -> str:
    # A check across settings (no location) names its settings in its message.
    if not location:
        return message.removeprefix("Value error, ")
    return "ONCOMATCH_" + "_".join(str(part) for part in location).upper() + f": {message}"


def startup_settings() -> Settings:
    """The settings from the environment, once they are known to be usable."""
    settings = read_settings()
    from cds_service.staff.secret import staff_secret

    staff_secret(settings)  # the staff cookie key, generated on first start: said here if it fails
    if settings.auth.value != "off":
        from cds_service.hooks.client_auth import AuthSetupError, trusted_issuers

        try:
            trusted_issuers(settings)
        except AuthSetupError as error:
            raise StartupError(str(error)) from None
    return settings
