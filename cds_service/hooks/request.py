"""Typed CDS Hooks 2.0 request objects: the hook call and the feedback report.

Unknown keys and `extension` are tolerated everywhere (spec, Extensions); what the spec requires
is enforced, and the access token is a `SecretStr` so that it cannot leak through a repr or log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

PATIENT_VIEW = "patient-view"


class RequestModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


class FhirAuthorization(BaseModel):
    # The spec spells these in snake_case (OAuth 2.0 token response names).
    model_config = ConfigDict(extra="allow")

    access_token: SecretStr = Field(min_length=1)
    token_type: str
    expires_in: int = Field(ge=0)
    scope: str
    subject: str
    patient: str | None = None

    @field_validator("token_type")
    @classmethod
    def _bearer(cls, value: str) -> str:
        if value.lower() != "bearer":
            raise ValueError("token_type must be Bearer")
        return value


class PatientViewContext(RequestModel):
    user_id: str = Field(min_length=1)
    patient_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9\-.]{1,64}$")
    encounter_id: str | None = None


class HookRequest(RequestModel):
    hook: str = Field(min_length=1)
    hook_instance: str = Field(min_length=1, max_length=256)
    fhir_server: str | None = Field(default=None, pattern=r"^https?://[^\s]+$")
    fhir_authorization: FhirAuthorization | None = None
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None
    extension: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _server_with_authorization(self) -> HookRequest:
        if self.fhir_authorization is not None and not self.fhir_server:
            raise ValueError("fhirServer is required when fhirAuthorization is provided")
        return self

    def patient_view_context(self) -> PatientViewContext:
        """Validate `context` as the patient-view hook defines it (raises ValidationError)."""
        return PatientViewContext.model_validate(self.context)


class Coding(RequestModel):
    system: str | None = None
    code: str = Field(min_length=1)
    display: str | None = None


class OverrideReason(RequestModel):
    reason: Coding | None = None
    user_comment: str | None = Field(default=None, max_length=4000)


class AcceptedSuggestion(RequestModel):
    id: str = Field(min_length=1)


class Feedback(RequestModel):
    card: str = Field(min_length=1, max_length=256)
    outcome: Literal["accepted", "overridden"]
    accepted_suggestions: list[AcceptedSuggestion] = Field(
        default_factory=list,
        validation_alias=AliasChoices("acceptedSuggestions", "accepted_suggestions"),
    )
    override_reason: OverrideReason | None = None
    outcome_timestamp: datetime

    @field_validator("outcome", mode="before")
    @classmethod
    def _lower_outcome(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class FeedbackRequest(RequestModel):
    feedback: list[Feedback] = Field(min_length=1, max_length=1000)

    @model_validator(mode="before")
    @classmethod
    def _single_object(cls, data: object) -> object:
        # Some clients post one Feedback object bare instead of wrapped in {"feedback": [...]}.
        if isinstance(data, dict) and "feedback" not in data and "card" in data:
            return {"feedback": [data]}
        return data
