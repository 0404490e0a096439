"""Checking a CDS Hooks response *as JSON*, the way an EHR receives it.

The typed models already refuse most invalid cards; these checks run on the serialized output so
they also catch what serialization could break (nulls, empty values) and can be reused on
responses that came over HTTP. Each function returns human-readable violations, each prefixed
with a JSON path such as `cards[0].links[1].type`; an empty list means valid.

- `spec_violations`: CDS Hooks 2.0 rules ("Use of JSON", "CDS Service Response", Card, Source,
  Suggestion, Action, Link, Coding/overrideReasons).
- `extension_violations`: OncoMatch's own contract for `card.extension` (DESIGN.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from cards.extension import MORE_MATCHES_KEY, TRIAL_MATCH_KEY

INDICATORS = frozenset({"info", "warning", "critical"})
SELECTION_BEHAVIORS = frozenset({"at-most-one", "any"})
LINK_TYPES = frozenset({"absolute", "smart"})
ACTION_TYPES = frozenset({"create", "update", "delete"})

CARD_KEYS = frozenset(
    {
        "uuid",
        "summary",
        "detail",
        "indicator",
        "source",
        "suggestions",
        "selectionBehavior",
        "overrideReasons",
        "links",
        "extension",
    }
)
SOURCE_KEYS = frozenset({"label", "url", "icon", "topic", "extension"})
SUGGESTION_KEYS = frozenset({"label", "uuid", "isRecommended", "actions", "extension"})
ACTION_KEYS = frozenset({"type", "description", "resource", "resourceId", "extension"})
LINK_KEYS = frozenset({"label", "url", "type", "appContext", "autolaunchable", "extension"})
CODING_KEYS = frozenset({"system", "code", "display"})

TRIAL_MATCH_KEYS = ["nctId", "verdict", "catalogAsOf", "criteria"]
CRITERION_KEYS = ["id", "label", "status", "reason"]

_ABSOLUTE_URL = re.compile(r"^https?://[^/\s]+\S*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FHIR_REFERENCE = re.compile(r"^[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}$")


def spec_violations(response: Any, *, forbidden_in_urls: Iterable[str] = ()) -> list[str]:
    """Every way `response` (parsed JSON of a hook response) breaks the CDS Hooks 2.0 spec.

    `forbidden_in_urls`: strings (a patient id, an MRN, a name) that must not appear in any URL
    the response carries; URLs are logged by browsers and proxies.
    """
    out: list[str] = []
    if not isinstance(response, Mapping):
        return ["$: a hook response must be a JSON object"]
    if "cards" not in response:
        out.append("cards: required (use [] for no guidance)")
    elif not isinstance(response["cards"], list):
        out.append("cards: must be an array")
    unknown = set(response) - {"cards", "systemActions", "extension"}
    out.extend(f"{key}: not a hook response attribute" for key in sorted(unknown))

    # "cards": [] is the one empty value the spec asks for; everything below it must be non-empty.
    for key, value in response.items():
        if not (key == "cards" and value == []):
            _no_nulls_or_empties(value, key, out)

    cards = response.get("cards")
    if isinstance(cards, list):
        _check_cards(cards, out)
    actions = response.get("systemActions")
    if isinstance(actions, list):
        for i, action in enumerate(actions):
            _check_action(action, f"systemActions[{i}]", out)

    forbidden = [s for s in forbidden_in_urls if s]
    if forbidden:
        for key, value in response.items():
            for path, url in _urls(value, key):
                out.extend(f"{path}: URL contains forbidden data" for s in forbidden if s in url)
    return out


def _check_cards(cards: list[Any], out: list[str]) -> None:
    """Each card, and that no two share a uuid (feedback names a card by it)."""
    seen: dict[str, int] = {}
    for i, card in enumerate(cards):
        _check_card(card, f"cards[{i}]", out)
        if isinstance(card, Mapping) and isinstance(card.get("uuid"), str):
            if card["uuid"] in seen:
                out.append(f"cards[{i}].uuid: duplicates cards[{seen[card['uuid']]}].uuid")
            seen.setdefault(card["uuid"], i)


def extension_violations(response: Any) -> list[str]:
    """Every way the cards' OncoMatch extensions break DESIGN.md's contract."""
    out: list[str] = []
    cards = response.get("cards") if isinstance(response, Mapping) else None
    if not isinstance(cards, list):
        return ["cards: missing, so no extension can be checked"]
    for i, card in enumerate(cards):
        path = f"cards[{i}].extension"
        extension = card.get("extension") if isinstance(card, Mapping) else None
        if not isinstance(extension, Mapping):
            out.append(f"{path}: every OncoMatch card carries an extension")
            continue
        keys = {TRIAL_MATCH_KEY, MORE_MATCHES_KEY} & set(extension)
        if len(keys) != 1:
            out.append(f"{path}: needs exactly one of {TRIAL_MATCH_KEY!r}, {MORE_MATCHES_KEY!r}")
        if TRIAL_MATCH_KEY in extension:
            _check_trial_match(extension[TRIAL_MATCH_KEY], f"{path}[{TRIAL_MATCH_KEY!r}]", out)
        if MORE_MATCHES_KEY in extension:
            more = extension[MORE_MATCHES_KEY]
            count = more.get("count") if isinstance(more, Mapping) else None
            if not (isinstance(more, Mapping) and set(more) == {"count"}):
                out.append(f"{path}[{MORE_MATCHES_KEY!r}]: must be exactly {{'count': n}}")
            if not (type(count) is int and count > 0):
                out.append(f"{path}[{MORE_MATCHES_KEY!r}].count: must be a positive integer")
    return out


def _no_nulls_or_empties(value: Any, path: str, out: list[str]) -> None:
    if value is None:
        out.append(f"{path}: null is prohibited")
    elif isinstance(value, str | list | dict) and len(value) == 0:
        out.append(f"{path}: empty {type(value).__name__} is prohibited")
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_nulls_or_empties(item, f"{path}.{key}", out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _no_nulls_or_empties(item, f"{path}[{i}]", out)


def _urls(value: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, str) and "://" in value:
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _urls(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _urls(item, f"{path}[{i}]")


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _optional_array(owner: Mapping[str, Any], key: str, path: str, out: list[str]) -> list[Any]:
    """`owner[key]` when it is an array; [] when absent, or when not an array (reported)."""
    value = owner.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        out.append(f"{path}.{key}: must be an array")
        return []
    return value


def _unknown_keys(
    obj: Mapping[str, Any], allowed: frozenset[str], path: str, out: list[str]
) -> None:
    out.extend(f"{path}.{key}: not a spec attribute" for key in sorted(set(obj) - allowed))


def _check_card(card: Any, path: str, out: list[str]) -> None:
    if not isinstance(card, Mapping):
        out.append(f"{path}: a card must be an object")
        return
    _unknown_keys(card, CARD_KEYS, path, out)
    _check_card_texts(card, path, out)
    _check_source(card.get("source"), f"{path}.source", out)
    _check_suggestions(card, path, out)
    for i, reason in enumerate(_optional_array(card, "overrideReasons", path, out)):
        _check_coding(reason, f"{path}.overrideReasons[{i}]", out, display_required=True)
    for i, link in enumerate(_optional_array(card, "links", path, out)):
        _check_link(link, f"{path}.links[{i}]", out)
    if "extension" in card and not isinstance(card["extension"], Mapping):
        out.append(f"{path}.extension: must be a JSON object")


def _check_card_texts(card: Mapping[str, Any], path: str, out: list[str]) -> None:
    summary = card.get("summary")
    if not isinstance(summary, str) or not _is_text(summary):
        out.append(f"{path}.summary: required text")
    elif len(summary) >= 140:
        out.append(f"{path}.summary: {len(summary)} characters; must be < 140")
    if "uuid" in card and not _is_text(card["uuid"]):
        out.append(f"{path}.uuid: must be text")
    if "detail" in card and not _is_text(card["detail"]):
        out.append(f"{path}.detail: must be Markdown text")
    if card.get("indicator") not in INDICATORS:
        out.append(f"{path}.indicator: must be one of {sorted(INDICATORS)}")


def _check_suggestions(card: Mapping[str, Any], path: str, out: list[str]) -> None:
    """The suggestions and the selectionBehavior that must come with them."""
    suggestions = card.get("suggestions")
    if suggestions is None:
        if "selectionBehavior" in card and card["selectionBehavior"] not in SELECTION_BEHAVIORS:
            out.append(f"{path}.selectionBehavior: must be one of {sorted(SELECTION_BEHAVIORS)}")
        return
    if not isinstance(suggestions, list):
        out.append(f"{path}.suggestions: must be an array")
        return
    if card.get("selectionBehavior") not in SELECTION_BEHAVIORS:
        out.append(
            f"{path}.selectionBehavior: required with suggestions, one of"
            f" {sorted(SELECTION_BEHAVIORS)}"
        )
    recommended = 0
    for i, suggestion in enumerate(suggestions):
        _check_suggestion(suggestion, f"{path}.suggestions[{i}]", out)
        if isinstance(suggestion, Mapping) and suggestion.get("isRecommended") is True:
            recommended += 1
    if recommended > 1 and card.get("selectionBehavior") != "any":
        out.append(f"{path}.suggestions: several recommended needs selectionBehavior any")


def _check_source(source: Any, path: str, out: list[str]) -> None:
    if not isinstance(source, Mapping):
        out.append(f"{path}: required object")
        return
    _unknown_keys(source, SOURCE_KEYS, path, out)
    if not _is_text(source.get("label")):
        out.append(f"{path}.label: required text")
    for key in ("url", "icon"):
        if key in source and not _is_absolute(source[key]):
            out.append(f"{path}.{key}: must be an absolute URL")
    if "topic" in source:
        _check_coding(source["topic"], f"{path}.topic", out, display_required=False)


def _check_suggestion(suggestion: Any, path: str, out: list[str]) -> None:
    if not isinstance(suggestion, Mapping):
        out.append(f"{path}: a suggestion must be an object")
        return
    _unknown_keys(suggestion, SUGGESTION_KEYS, path, out)
    if not _is_text(suggestion.get("label")):
        out.append(f"{path}.label: required text")
    if "isRecommended" in suggestion and not isinstance(suggestion["isRecommended"], bool):
        out.append(f"{path}.isRecommended: must be a boolean")
    for i, action in enumerate(_optional_array(suggestion, "actions", path, out)):
        _check_action(action, f"{path}.actions[{i}]", out)


def _check_action(action: Any, path: str, out: list[str]) -> None:
    if not isinstance(action, Mapping):
        out.append(f"{path}: an action must be an object")
        return
    _unknown_keys(action, ACTION_KEYS, path, out)
    kind = action.get("type")
    if kind not in ACTION_TYPES:
        out.append(f"{path}.type: must be one of {sorted(ACTION_TYPES)}")
    if not _is_text(action.get("description")):
        out.append(f"{path}.description: required text")
    resource = action.get("resource")
    if kind in ("create", "update") and not (
        isinstance(resource, Mapping) and _is_text(resource.get("resourceType"))
    ):
        out.append(f"{path}.resource: a {kind} action needs a FHIR resource")
    if kind == "delete" and not _is_text(action.get("resourceId")):
        out.append(f"{path}.resourceId: a delete action should name the resource")


def _check_link(link: Any, path: str, out: list[str]) -> None:
    if not isinstance(link, Mapping):
        out.append(f"{path}: a link must be an object")
        return
    _unknown_keys(link, LINK_KEYS, path, out)
    if not _is_text(link.get("label")):
        out.append(f"{path}.label: required text")
    kind = link.get("type")
    if kind not in LINK_TYPES:
        out.append(f"{path}.type: required, one of {sorted(LINK_TYPES)}")
    if not _is_text(link.get("url")):
        out.append(f"{path}.url: required")
    elif kind == "absolute" and not _is_absolute(link["url"]):
        out.append(f"{path}.url: an absolute link needs an absolute URL")
    if "appContext" in link and kind != "smart":
        out.append(f"{path}.appContext: only valid on smart links")
    if "autolaunchable" in link and not isinstance(link["autolaunchable"], bool):
        out.append(f"{path}.autolaunchable: must be a boolean")


def _check_coding(coding: Any, path: str, out: list[str], *, display_required: bool) -> None:
    if not isinstance(coding, Mapping):
        out.append(f"{path}: a Coding must be an object")
        return
    _unknown_keys(coding, CODING_KEYS, path, out)
    for key in ("system", "code"):
        if not _is_text(coding.get(key)):
            out.append(f"{path}.{key}: required text")
    if display_required and not _is_text(coding.get("display")):
        out.append(f"{path}.display: required for override reasons")


def _is_absolute(url: Any) -> bool:
    return isinstance(url, str) and bool(_ABSOLUTE_URL.match(url))


def _check_trial_match(value: Any, path: str, out: list[str]) -> None:
    if not isinstance(value, Mapping):
        out.append(f"{path}: must be an object")
        return
    if list(value) != TRIAL_MATCH_KEYS:
        out.append(f"{path}: keys must be exactly {TRIAL_MATCH_KEYS} in order, got {list(value)}")
    if not _is_text(value.get("nctId")):
        out.append(f"{path}.nctId: required text")
    if value.get("verdict") not in ("eligible", "possibly_eligible"):
        out.append(f"{path}.verdict: a card is only shown for eligible or possibly_eligible")
    if not (isinstance(value.get("catalogAsOf"), str) and _DATE.match(value["catalogAsOf"])):
        out.append(f"{path}.catalogAsOf: must be a YYYY-MM-DD date")
    criteria = value.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        out.append(f"{path}.criteria: must be a non-empty array")
        return
    statuses = []
    for i, criterion in enumerate(criteria):
        cpath = f"{path}.criteria[{i}]"
        if not isinstance(criterion, Mapping):
            out.append(f"{cpath}: must be an object")
            continue
        _check_criterion(criterion, cpath, out)
        statuses.append(criterion.get("status"))
    # DESIGN.md's verdict rule, checked from the criteria the card itself shows.
    implied = (
        "not_eligible"
        if "not_met" in statuses
        else "possibly_eligible"
        if "unknown" in statuses
        else "eligible"
    )
    if value.get("verdict") in ("eligible", "possibly_eligible") and value["verdict"] != implied:
        out.append(f"{path}.verdict: {value['verdict']!r} but its criteria imply {implied!r}")


def _check_criterion(criterion: Mapping[str, Any], path: str, out: list[str]) -> None:
    keys = list(criterion)
    if keys not in (CRITERION_KEYS, [*CRITERION_KEYS, "evidence"]):
        out.append(f"{path}: keys must be id, label, status, reason[, evidence], got {keys}")
    for key in ("id", "label", "reason"):
        if not _is_text(criterion.get(key)):
            out.append(f"{path}.{key}: required text")
    if criterion.get("status") not in ("met", "not_met", "unknown"):
        out.append(f"{path}.status: must be met, not_met or unknown")
    if "evidence" not in criterion:
        return
    evidence = criterion["evidence"]
    if not isinstance(evidence, list) or not evidence:
        out.append(f"{path}.evidence: must be a non-empty array when present")
        return
    out.extend(
        f"{path}.evidence[{j}]: must be a FHIR reference like 'Observation/123'"
        for j, ref in enumerate(evidence)
        if not (isinstance(ref, str) and _FHIR_REFERENCE.match(ref))
    )
