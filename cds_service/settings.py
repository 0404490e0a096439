"""Service configuration: environment variables prefixed `ONCOMATCH_` (pydantic-settings).

Every setting has an embedded default so that `oncomatch serve` runs with no configuration at
all: SQLite under ONCOMATCH_DATA_DIR and the catalog shipped inside the package.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from eligibility.trial import TrialStatus


class AuthMode(StrEnum):
    JWT = "jwt"
    OFF = "off"


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


CsvList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ONCOMATCH_", extra="ignore")

    data_dir: Path = Field(default=Path(".oncomatch"), description="SQLite file and other state")
    database_url: str | None = Field(
        default=None,
        description="sqlite:///... or postgresql+psycopg://...; default: SQLite in data_dir",
        # May hold a password, and settings travel in pre-screening tasks, whose repr a Dask
        # worker logs when one fails.
        repr=False,
    )
    auto_migrate: bool = Field(
        default=True,
        description="Upgrade the database schema at startup; off: refuse a schema behind",
    )
    auth: AuthMode = Field(default=AuthMode.JWT, description="jwt (default) or off (local trial)")
    public_base_url: str = Field(
        default="http://127.0.0.1:8080",
        description="The URL the EHR calls; the JWT aud is checked against it plus the path",
    )
    trusted_issuers: Path | None = Field(
        default=None, description="JSON file listing trusted JWT issuers and their keys"
    )
    jwt_leeway_seconds: int = Field(default=30, ge=0, le=300, description="Clock skew allowed")
    jwt_max_lifetime_seconds: int = Field(
        default=3600, ge=60, description="Longest exp - iat accepted for a client JWT"
    )
    jwks_cache_ttl_seconds: int = Field(default=300, ge=1)
    jwks_min_refetch_seconds: int = Field(
        default=30, ge=0, description="Least time between refetches on an unknown kid"
    )
    replay_cache: Literal["database", "memory"] = Field(
        default="database", description="database when several replicas share the jti cache"
    )
    max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    fhir_connect_timeout: float = Field(default=2.0, gt=0)
    fhir_read_timeout: float = Field(default=5.0, gt=0)
    fhir_deadline_seconds: float = Field(
        default=6.0, gt=0, description="Overall budget for fetching missing prefetch from the EHR"
    )
    fhir_page_size: int = Field(
        default=200, ge=1, le=1000, description="`_count` sent with every search (a server caps it)"
    )
    fhir_max_resources: int = Field(
        default=10_000, ge=1, description="Resources read by one fetch, every query together"
    )
    fhir_max_total_bytes: int = Field(
        default=32 * 1024 * 1024, ge=1024, description="Bytes read by one fetch, every query"
    )
    fhir_max_pages: int = Field(
        default=100,
        ge=1,
        description="Safety net against endless paging: Bundle pages followed per query",
    )
    fhir_max_response_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    fhir_observation_window_days: int | None = Field(
        default=None,
        ge=0,
        description=(
            "Fallback fetch: unset = every Observation; N = by code plus the last N days of "
            "every Observation; 0 = by code only"
        ),
    )
    cors_origins: CsvList = Field(default_factory=lambda: ["*"])
    catalog_dir: Path | None = Field(
        default=None, description="Extra curated trial files (NCT*.json) beside the shipped ones"
    )
    synthetic_catalog: Path | None = Field(
        default=None,
        description="NDJSON of synthetic trials (SYN-000001 ids) added to the catalog: benchmarks",
    )
    test_bundles_dir: Path = Field(
        default=Path("test_bundles"),
        description="Test patients (FHIR Bundles and trials.csv) the curation preview runs",
    )
    catalog_refresh_seconds: float = Field(
        default=30.0, gt=0, description="How often the service looks for imported-trial changes"
    )
    site_name: str = Field(
        default="this site's study team",
        min_length=1,
        description='Who "Criteria curated by ..." names on a curated version\'s cards and pages',
    )
    trial_statuses: CsvList = Field(default_factory=lambda: ["RECRUITING", "NOT_YET_RECRUITING"])
    countries: CsvList = Field(
        default_factory=list, description="Only trials with a site in these countries; empty = all"
    )
    time_zone: str = Field(
        default="UTC",
        description="The hospital's IANA time zone (Asia/Shanghai): charts are read on its date",
    )
    max_cards: int = Field(default=5, ge=1, le=50)
    minimum_verdict: Literal["eligible", "possibly_eligible"] = Field(
        default="possibly_eligible", description="eligible or possibly_eligible"
    )
    match_token_ttl_hours: float = Field(default=24.0, gt=0)
    hook_concurrency: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Hook calls worked on at once per worker process; the rest wait in order",
    )
    hook_queue_limit: int = Field(
        default=64,
        ge=0,
        description="Hook calls that may wait for a turn; more get 503 with Retry-After",
    )
    prescreen_max_patients_in_memory: int = Field(
        default=2000,
        ge=1,
        description="Pre-screening: patients a worker process holds at once (bounds its memory)",
    )
    prescreen_partition_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=1024,
        description="Pre-screening: export bytes per partition aimed at by the first hash pass",
    )
    log_level: str = Field(default="INFO")
    staff_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Key signing staff cookies (32+ characters); unset: generated once into "
            "<data_dir>/staff-secret (0600). Replicas must share one"
        ),
    )
    staff_session_hours: float = Field(
        default=8.0, gt=0, le=24 * 7, description="Life of a staff session from sign-in"
    )
    staff_cookie_secure: bool | None = Field(
        default=None,
        description="Secure flag of staff cookies; unset: set when the request came over https",
    )
    staff_login_max_failures: int = Field(
        default=5, ge=1, description="Failed sign-ins per name, and per address, in the window"
    )
    staff_login_window_minutes: float = Field(
        default=15.0, gt=0, description="The window failed sign-ins are counted in"
    )
    staff_oidc_issuer: str | None = Field(
        default=None,
        description="OpenID Connect provider staff may sign in with (its issuer URL); unset: none",
    )
    staff_oidc_client_id: str | None = Field(default=None, description="OncoMatch's client id")
    staff_oidc_client_secret: SecretStr | None = Field(
        default=None, description="OncoMatch's client secret at the provider"
    )
    staff_oidc_name_claim: str = Field(
        default="preferred_username",
        description="ID token claim holding the OncoMatch account name",
    )
    staff_oidc_label: str = Field(
        default="your hospital account", description="Said on the button: 'Sign in with ...'"
    )
    staff_password_sign_in: bool = Field(
        default=True, description="Offer the password form; false: the OIDC provider only"
    )

    @field_validator("trial_statuses")
    @classmethod
    def _known_statuses(cls, statuses: list[str]) -> list[str]:
        known = {status.value for status in TrialStatus}
        normalised = [status.strip().upper() for status in statuses]
        unknown = [status for status in normalised if status not in known]
        if unknown:
            raise ValueError(f"unknown trial status {unknown}; known: {sorted(known)}")
        return normalised

    @field_validator("staff_secret")
    @classmethod
    def _long_secret(cls, secret: SecretStr | None) -> SecretStr | None:
        if secret is not None and len(secret.get_secret_value()) < 32:
            # The message names the length, never the value.
            raise ValueError(
                "must be at least 32 characters, e.g. the output of "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        return secret

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{name!r} is not an IANA time zone; give one such as Asia/Shanghai, "
                "Europe/Paris or UTC"
            ) from None
        return name

    @property
    def zone(self) -> ZoneInfo:
        """The hospital's time zone: the date of "today" when charts are read (GEN-AS-OF), and
        the calendar their instants are dated on (GEN-LOCAL-DAY)."""
        return ZoneInfo(self.time_zone)

    _split = field_validator("cors_origins", "trial_statuses", "countries", mode="before")(
        _split_csv
    )

    @model_validator(mode="after")
    def _complete_staff_oidc(self) -> Settings:
        if self.staff_oidc_issuer and not (
            self.staff_oidc_client_id and self.staff_oidc_client_secret
        ):
            raise ValueError(
                "ONCOMATCH_STAFF_OIDC_ISSUER needs ONCOMATCH_STAFF_OIDC_CLIENT_ID and "
                "ONCOMATCH_STAFF_OIDC_CLIENT_SECRET"
            )
        if not self.staff_password_sign_in and not self.staff_oidc_issuer:
            raise ValueError(
                "ONCOMATCH_STAFF_PASSWORD_SIGN_IN=false needs ONCOMATCH_STAFF_OIDC_ISSUER: "
                "staff would have no way to sign in"
            )
        return self

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'oncomatch.sqlite3').resolve()}"
