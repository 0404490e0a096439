"""Editing one criterion in a browser form, with the criterion's own pydantic model as the rule.

The fields of each criterion type's form come from its model (`eligibility.criteria`): a
`Literal` or an enum is a select, `int`/`float` a number, `bool` a yes/no select, a tuple of
enum values a set of checkboxes, a tuple of cancer-type node ids a multiple select over the
taxonomy, any other tuple of strings a comma-separated list. What the curator posts is turned
into plain values and validated by that same model (with the taxonomy as validation context, as
the catalog loader does), so the page can accept nothing the catalog would refuse. Each error
lands at the field its `loc` names; an error of the whole model ("ecog_max is below ecog_min")
lands at the first field its message names.

Combinators (`all_of`, `any_of`, `not`) nest criteria of any type, so they are edited as JSON in
one textarea, validated by the same models; their errors carry the JSON path
(`$.criteria[1].ecog_max`).
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from cds_service.http.errors import BadRequestError, Problem
from eligibility.criteria import (
    AllOfCriterion,
    AnyOfCriterion,
    Criterion,
    CriterionBase,
    NotCriterion,
)
from eligibility.taxonomy import CancerTaxonomy

FieldKind = Literal["select", "multiselect", "checkboxes", "number", "text", "textarea", "list"]
FormValue = str | tuple[str, ...]
FormValues = dict[str, FormValue]

FORM_LEVEL = "__all__"
"""Where an error that names no field goes: above the form."""
JSON_FIELD = "json"
"""The one field of a combinator's form."""
INPUT_PREFIX = "c."
"""Posted names of criterion fields carry it, so they never clash with the page's own fields."""

# Tuple-of-string fields holding cancer-type taxonomy node ids (checked against the taxonomy by
# their models): offered as a choice of nodes rather than typed.
_TAXONOMY_FIELDS = frozenset({"allowed", "excluded", "of_cancer", "cancer_types"})
_LONG_TEXT_FIELDS = frozenset({"source_text", "text"})
_WORDS = {
    "ecog": "ECOG",
    "qtc": "QTc",
    "ms": "ms",
    "uln": "ULN",
    "id": "Id",
    "cd4": "CD4",
    "iu": "IU",
    "ml": "per mL",
}
_HINTS = {
    "id": "Unique within the trial; letters, digits and hyphens read best",
    "label": "What the patient must satisfy, as the checklist shows it",
    "section": "Where the protocol text stands; the criterion is always phrased as a requirement",
    "source_text": "The protocol sentence this criterion encodes",
    "m_categories": "Comma-separated, e.g. M1",
    "stage_groups": "Comma-separated, e.g. IVA, IVB",
    "agent": "Generic name, lower case",
    "controlled_by": "What must be shown for the infection to count as controlled; none "
    "ticked: the rule's own (HIV: therapy, viral load and CD4; hepatitis: viral load)",
    "viral_load_below_iu_ml": "The protocol's viral-load limit; empty: not detected",
    "viral_load_below_copies_ml": "The protocol's viral-load limit; empty: not detected",
    "cd4_at_least": "HIV: the lowest CD4 count allowed, cells/µL; empty: 350",
    "surface_antigen": "Hepatitis B: a positive HBsAg excludes whatever the DNA, or is allowed "
    "once the DNA is controlled; not set: the protocol does not say",
    "counted_from": "Another cancer: the window counts from its diagnosis, or from its last "
    'treatment ("progressing or has required active treatment within 3 years")',
}
_COMBINATOR_TYPES = frozenset({"all_of", "any_of", "not"})
_CRITERION = TypeAdapter[Criterion](Criterion)


@dataclass(frozen=True, slots=True)
class EditField:
    """One input of a criterion form, named after the model field it fills."""

    name: str
    label: str
    kind: FieldKind
    options: tuple[tuple[str, str], ...] = ()
    required: bool = False
    integer: bool = False
    hint: str | None = None

    @property
    def input_name(self) -> str:
        return INPUT_PREFIX + self.name

    @property
    def element_id(self) -> str:
        return f"c-{self.name}"

    @property
    def error_id(self) -> str:
        return f"c-{self.name}-error"


@dataclass(frozen=True, slots=True)
class CriterionForm:
    """The form of one criterion type (`type` is posted as a fixed value, not a field)."""

    type: str
    title: str
    fields: tuple[EditField, ...]

    @property
    def combinator(self) -> bool:
        return self.type in _COMBINATOR_TYPES

    def field(self, name: str) -> EditField | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True, slots=True)
class FormState:
    """What a form shows: its values (as typed, or from a criterion) and errors by field."""

    form: CriterionForm
    values: FormValues = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def shown(self, name: str) -> str:
        value = self.values.get(name, "")
        return value if isinstance(value, str) else ", ".join(value)

    def chosen(self, name: str) -> tuple[str, ...]:
        value = self.values.get(name, ())
        return value if isinstance(value, tuple) else ((value,) if value else ())


class CriterionFormError(BadRequestError):
    """A posted criterion its model refuses; each problem's location is a field name (or
    `FORM_LEVEL`). `state` is the form to show again, with what was typed."""

    def __init__(self, state: FormState) -> None:
        problems = [Problem(message, name) for name, message in state.errors.items()]
        fields = ", ".join(state.errors)
        super().__init__(f"the {state.form.type} criterion is not valid ({fields})", problems)
        self.state = state


# --- forms from the models -----------------------------------------------------------------------


def _criterion_models() -> dict[str, type[CriterionBase]]:
    union = get_args(Criterion)[0]  # Annotated[Union[...], discriminator]
    models: dict[str, type[CriterionBase]] = {}
    for model in get_args(union):
        tag = model.model_fields["type"].default
        models[str(tag)] = model
    return models


MODELS: dict[str, type[CriterionBase]] = _criterion_models()
"""Every criterion type of the union, by its `type` tag, in the union's order."""


def _label(name: str) -> str:
    words = [_WORDS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1 and len(get_args(annotation)) == 2:
            return args[0], True
    return annotation, False


def _choices(annotation: Any) -> tuple[tuple[str, str], ...] | None:
    if get_origin(annotation) is Literal:
        return tuple((str(v), str(v)) for v in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple((str(member.value), str(member.value)) for member in annotation)
    return None


def _edit_field(name: str, info: FieldInfo, taxonomy: CancerTaxonomy) -> EditField:
    annotation, optional = _optional(info.annotation)
    required = info.is_required()
    label, hint = _label(name), _HINTS.get(name)
    choices = _choices(annotation)
    if choices is not None:
        blank = (("", "— not set —"),) if optional else ()
        return EditField(name, label, "select", blank + choices, required, hint=hint)
    if annotation is bool:
        return EditField(name, label, "select", (("true", "Yes"), ("false", "No")), required)
    if annotation is int or annotation is float:
        return EditField(name, label, "number", (), required, annotation is int, hint)
    if get_origin(annotation) is tuple:
        item = get_args(annotation)[0]
        item_choices = _choices(item)
        if item_choices is not None:
            return EditField(name, label, "checkboxes", item_choices, required, hint=hint)
        if name in _TAXONOMY_FIELDS:
            nodes = tuple((node.id, f"{node.label} ({node.id})") for node in taxonomy)
            return EditField(name, label, "multiselect", nodes, required, hint=hint)
        return EditField(name, label, "list", (), required, hint=hint)
    kind: FieldKind = "textarea" if name in _LONG_TEXT_FIELDS else "text"
    return EditField(name, label, kind, (), required, hint=hint)


def form_for_type(type_name: str, taxonomy: CancerTaxonomy) -> CriterionForm:
    """The form for a criterion type; a `KeyError` for a type the union does not have."""
    model = MODELS[type_name]
    title = _label(type_name)
    if type_name in _COMBINATOR_TYPES:
        json_field = EditField(
            JSON_FIELD,
            f"{title} criterion as JSON",
            "textarea",
            required=True,
            hint="The criterion in the trials/*.json format, nested criteria included",
        )
        return CriterionForm(type_name, title, (json_field,))
    fields = tuple(
        _edit_field(name, info, taxonomy)
        for name, info in model.model_fields.items()
        if name != "type"
    )
    return CriterionForm(type_name, title, fields)


# --- values in and out ---------------------------------------------------------------------------


def _shown(value: Any) -> FormValue:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value == int(value) else repr(value)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return str(value)


def state_of(criterion: Criterion, taxonomy: CancerTaxonomy) -> FormState:
    """The form of `criterion`'s type, filled with its values."""
    form = form_for_type(criterion.type, taxonomy)
    if form.combinator:
        text = json.dumps(criterion.model_dump(mode="json", exclude_none=True), indent=2)
        return FormState(form, {JSON_FIELD: text})
    dumped = criterion.model_dump(mode="json")
    return FormState(form, {f.name: _shown(dumped.get(f.name)) for f in form.fields})


def blank_state(type_name: str, taxonomy: CancerTaxonomy) -> FormState:
    """An empty form for a new criterion (model defaults filled in)."""
    form = form_for_type(type_name, taxonomy)
    if form.combinator:
        return FormState(form, {JSON_FIELD: json.dumps({"type": type_name}, indent=2)})
    model = MODELS[type_name]
    values: FormValues = {}
    for f in form.fields:
        info = model.model_fields[f.name]
        values[f.name] = "" if info.is_required() else _shown(info.get_default())
    return FormState(form, values)


def _posted(form: CriterionForm, data: Mapping[str, Sequence[str]]) -> FormValues:
    values: FormValues = {}
    for f in form.fields:
        given = [v for v in data.get(f.input_name, ()) if isinstance(v, str)]
        if f.kind in ("checkboxes", "multiselect"):
            values[f.name] = tuple(v for v in given if v)
        elif f.kind == "list":
            joined = ",".join(given)
            values[f.name] = tuple(p.strip() for p in re.split(r"[,\n]", joined) if p.strip())
        else:
            values[f.name] = given[0].strip() if given else ""
    return values


def _raw(form: CriterionForm, values: FormValues) -> dict[str, Any]:
    """Plain values for the model: blank is 'not set' (None when the field may be None, left out
    so the default applies otherwise); strings are left for the model to parse, so a number the
    model refuses is refused with the model's own message."""
    model = MODELS[form.type]
    raw: dict[str, Any] = {"type": form.type}
    for f in form.fields:
        value = values.get(f.name, "")
        if isinstance(value, tuple):
            raw[f.name] = list(value)
            continue
        if value == "":
            _, optional = _optional(model.model_fields[f.name].annotation)
            if optional:
                raw[f.name] = None
            continue
        raw[f.name] = value
    return raw


def parse_criterion(
    type_name: str, data: Mapping[str, Sequence[str]], taxonomy: CancerTaxonomy
) -> Criterion:
    """The criterion a posted form describes, validated by its model; `CriterionFormError` with
    each problem at its field otherwise. A `KeyError` for an unknown type."""
    form = form_for_type(type_name, taxonomy)
    if form.combinator:
        return _parse_json(form, data, taxonomy)
    values = _posted(form, data)
    try:
        criterion = _CRITERION.validate_python(_raw(form, values), context={"taxonomy": taxonomy})
    except ValidationError as error:
        raise CriterionFormError(FormState(form, values, _field_errors(form, error))) from None
    return criterion


def _field_errors(form: CriterionForm, error: ValidationError) -> dict[str, str]:
    names = [f.name for f in form.fields]
    errors: dict[str, str] = {}
    for item in error.errors(include_url=False, include_input=False):
        # The union puts the type tag first: ("performance_status", "ecog_max", ...).
        loc = [part for part in item["loc"] if part != form.type]
        message = _message(item["msg"])
        where = str(loc[0]) if loc and str(loc[0]) in names else _named_in(message, names)
        if where in errors:
            continue  # the first problem of a field is the one to fix first
        errors[where] = message
    return errors


def _message(text: str) -> str:
    return text.removeprefix("Value error, ")


def _named_in(message: str, names: list[str]) -> str:
    """The first field a model-level message names ("ecog_max is below ecog_min": ecog_max)."""
    found = [(m.start(), name) for name in names if (m := re.search(rf"\b{name}\b", message))]
    return min(found)[1] if found else FORM_LEVEL


def _parse_json(
    form: CriterionForm, data: Mapping[str, Sequence[str]], taxonomy: CancerTaxonomy
) -> Criterion:
    given = [v for v in data.get(INPUT_PREFIX + JSON_FIELD, ()) if isinstance(v, str)]
    text = given[0] if given else ""
    values: FormValues = {JSON_FIELD: text}

    def refuse(message: str) -> CriterionFormError:
        return CriterionFormError(FormState(form, values, {JSON_FIELD: message}))

    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise refuse(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    if not isinstance(document, dict):
        raise refuse('the criterion must be a JSON object with a "type"')
    try:
        criterion = _CRITERION.validate_python(document, context={"taxonomy": taxonomy})
    except ValidationError as error:
        first = _innermost(error.errors(include_url=False, include_input=False))
        listed = "; ".join(
            f"{json_path(document, item['loc'])}: {_message(item['msg'])}" for item in first[:5]
        )
        more = f" (and {len(first) - 5} more)" if len(first) > 5 else ""
        raise refuse(listed + more) from None
    # A plain criterion written as JSON is still a criterion: taken as it is.
    return criterion


def _innermost(items: list[ErrorDetails]) -> list[ErrorDetails]:
    """The errors worth reading: a list that is "too short" only because its items failed is
    left out when those items' own errors are listed."""
    locs = [tuple(item["loc"]) for item in items]
    return [
        item
        for item, loc in zip(items, locs, strict=True)
        if not any(len(other) > len(loc) and other[: len(loc)] == loc for other in locs)
    ]


def json_path(document: Any, loc: Sequence[int | str]) -> str:
    """`$.criteria[1].ecog_max` for a pydantic `loc` into `document`. The discriminated union
    adds the type tag to the loc ("criteria", 1, "performance_status", "ecog_max"); a part that is
    not a key of the object at hand but is its `type` is that tag, and is left out."""
    path = "$"
    current: Any = document
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
            current = current[part] if isinstance(current, list) and part < len(current) else None
            continue
        if isinstance(current, dict) and part not in current and current.get("type") == part:
            continue
        path += f".{part}"
        current = current.get(part) if isinstance(current, dict) else None
    return path


def type_options() -> tuple[tuple[str, str], ...]:
    """Every criterion type, for the "add a criterion" select."""
    return tuple((name, _label(name)) for name in MODELS)


def is_combinator(criterion: Criterion) -> bool:
    return isinstance(criterion, AllOfCriterion | AnyOfCriterion | NotCriterion)


__all__ = [
    "FORM_LEVEL",
    "INPUT_PREFIX",
    "JSON_FIELD",
    "MODELS",
    "CriterionForm",
    "CriterionFormError",
    "EditField",
    "FormState",
    "blank_state",
    "form_for_type",
    "is_combinator",
    "json_path",
    "parse_criterion",
    "state_of",
    "type_options",
]
