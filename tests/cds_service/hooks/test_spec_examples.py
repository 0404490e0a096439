"""The CDS Hooks 2.0.1 spec's own JSON examples parse with our models and round-trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from cards.models import Action, Card, Coding, HookResponse
from cds_service.hooks.request import FeedbackRequest, FhirAuthorization, HookRequest


def example(reference: Path, name: str) -> Any:
    return json.loads((reference / "cds-hooks" / "examples" / name).read_text())


def dump_request(request: HookRequest) -> dict[str, Any]:
    dumped = request.model_dump(mode="json", by_alias=True, exclude_none=True)
    if request.fhir_authorization is not None:
        dumped["fhirAuthorization"]["access_token"] = (
            request.fhir_authorization.access_token.get_secret_value()
        )
    return dumped


@pytest.mark.parametrize("name", ["02-patient-view-hook-request.json", "26-extensions.json"])
def test_hook_requests_round_trip(shared_reference: Path, name: str) -> None:
    raw = example(shared_reference, name)
    request = HookRequest.model_validate(raw)
    assert dump_request(request) == raw


def test_patient_view_context_of_the_spec_request(shared_reference: Path) -> None:
    request = HookRequest.model_validate(
        example(shared_reference, "02-patient-view-hook-request.json")
    )
    context = request.patient_view_context()
    assert (context.patient_id, context.encounter_id) == ("1288992", "89284")


def test_fhir_authorization_example(shared_reference: Path) -> None:
    raw = example(shared_reference, "09-passing-the-access-token-to-the-cds-service.json")
    auth = FhirAuthorization.model_validate(raw["fhirAuthorization"])
    assert auth.subject == "cds-service4"
    assert "some-opaque" not in repr(auth)  # the token never shows in a repr (or a log)


@pytest.mark.parametrize("name", ["10-empty-cards-response.json", "17-cds-response-example.json"])
def test_responses_round_trip(shared_reference: Path, name: str) -> None:
    raw = example(shared_reference, name)
    assert HookResponse.model_validate(raw).to_wire() == raw


@pytest.mark.parametrize("name", ["12-action.json", "13-action-2.json", "14-action-3.json"])
def test_actions_round_trip(shared_reference: Path, name: str) -> None:
    raw = example(shared_reference, name)
    assert Action.model_validate(raw).to_wire() == raw


def test_override_reasons_round_trip(shared_reference: Path) -> None:
    raw = example(shared_reference, "15-reasons-for-rejecting-a-card.json")["overrideReasons"]
    assert [Coding.model_validate(c).to_wire() for c in raw] == raw


def test_system_action_example_lacks_the_required_description(shared_reference: Path) -> None:
    # The spec's own example omits `description`, which its Action table marks REQUIRED.
    # We emit strictly, so our model rejects it and names the field.
    raw = example(shared_reference, "16-system-actions-response.json")
    with pytest.raises(ValidationError, match="description"):
        HookResponse.model_validate(raw)


def test_autolaunchable_example_lacks_the_required_indicator(shared_reference: Path) -> None:
    # Like the systemActions example, this one omits a REQUIRED field (card.indicator). Its
    # link part, the point of the example, fits our Link model.
    raw = example(shared_reference, "18-cds-response-autolaunchable.json")
    with pytest.raises(ValidationError, match="indicator"):
        HookResponse.model_validate(raw)
    card = dict(raw["cards"][0], indicator="info")
    assert Card.model_validate(card).to_wire() == card


def test_card_summary_of_140_characters_is_rejected() -> None:
    with pytest.raises(ValidationError, match="summary"):
        Card.model_validate(
            {"summary": "x" * 140, "indicator": "info", "source": {"label": "OncoMatch"}}
        )


@pytest.mark.parametrize(
    "name",
    [
        "19-example-suggestion-accepted.json",
        "20-example-overridden-guidance-without-overridereason.json",
        "21-example-overridden-guidance-with-overridereason.json",
    ],
)
def test_feedback_examples_parse(shared_reference: Path, name: str) -> None:
    raw = example(shared_reference, name)
    report = FeedbackRequest.model_validate(raw)
    dumped = report.model_dump(mode="json", by_alias=True, exclude_none=True)
    for original, ours in zip(raw["feedback"], dumped["feedback"], strict=True):
        assert ours["card"] == original["card"]
        assert ours["outcome"] == original["outcome"]
        assert ours.get("acceptedSuggestions", []) == original.get("acceptedSuggestions", [])
        assert ours.get("overrideReason") == original.get("overrideReason")
