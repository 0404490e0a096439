"""`cleaned_with_key` skips cleaning when the bytes show nothing to clean: it must give exactly
what cleaning first gives (the same content key, an equal projection, the same error)."""

from __future__ import annotations

import sys
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fhir_mapping.cleaning import MAX_DEPTH as _MAX_DEPTH
from fhir_mapping.cleaning import TooDeepError as _TooDeepError
from fhir_mapping.cleaning import clean, cleaned_with_key
from fhir_mapping.cleaning import content_key as _content_key

# Every character `str.strip` removes (the first character of a whitespace-only string).
WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if not chr(c).strip()]
# ASCII digits, and Unicode digits, which `\d` in the local-dateTime pattern matches too.
DIGITS = "0123456789" + "\u0660\u0669\u06f5\u0966\uff10\uff19\U0001d7ce"


def _cleaning_first(projection: dict[str, Any]) -> tuple[Any, bytes | None]:
    """The way `parse` read a projection before: clean, then the key of the cleaned one."""
    cleaned = clean(projection)
    return cleaned, _content_key(cleaned) if isinstance(cleaned, dict) else None


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(DIGITS), min_size=n, max_size=n)


date_times = st.builds(
    lambda d, t, secs, frac, zone, newline: f"{d}T{t}{secs}{frac}{zone}{newline}",
    st.builds(lambda y, m, d: f"{y}-{m}-{d}", _digits(4), _digits(2), _digits(2)),
    st.builds(lambda h, m: f"{h}:{m}", _digits(2), _digits(2)),
    st.sampled_from(["", ":00", ":5"]).flatmap(
        lambda s: st.just(s) if s != ":00" else st.builds(lambda d: ":" + d, _digits(2))
    ),
    st.sampled_from(["", ".1", ".123456", "."]),
    st.sampled_from(["", "", "Z", "+08:00", "-05:00", " "]),
    st.sampled_from(["", "", "\n", "\n\n", " "]),
)
texts = st.one_of(
    st.text(
        st.sampled_from(["a", "T", ":", "-", ".", "n", "u", "l", '"', "\\", "[", "]", "{", "}"])
        | st.sampled_from(WHITESPACE)
        | st.sampled_from(DIGITS)
        | st.characters(blacklist_categories=["Cs"]),
        max_size=12,
    ),
    date_times,
    st.sampled_from(["", " ", "null", "[]", "{}", '""', "final", "2026-11-01", "Patient/p1"]),
    # VAL-DATE-FORMS: dates and times as hospital systems export them.
    st.builds(
        lambda y, sep, m, d, time: f"{y}{sep}{m}{sep}{d}{time}",
        _digits(4),
        st.sampled_from(["-", "/"]),
        st.sampled_from(["1", "01", "12", "7"]),
        st.sampled_from(["1", "09", "31"]),
        st.sampled_from(["", " 9:05", " 09:00:00", " 23:59:59.5", " 9", "\n"]),
    ),
    # VAL-DATE-FORMS: HL7 v2 dates (`r4_compact`, in date elements only).
    st.builds(
        lambda day, time, zone, pad: f"{pad}{day}{time}{zone}{pad}",
        _digits(8),
        st.sampled_from(["", "0930", "093000", "093000.25", "09"]),
        st.sampled_from(["", "", "+0800", "-0500", "Z", "+08"]),
        st.sampled_from(["", "", " ", "\t"]),
    ),
    # VAL-WHITESPACE: text padded with whitespace.
    st.builds(
        lambda text, before, after: f"{before}{text}{after}",
        st.sampled_from(["YP0832", "a b", "x", '"q"', "\\n", "2026/10/01"]),
        st.sampled_from(["", "", " "]) | st.sampled_from(WHITESPACE),
        st.sampled_from(["", "", " "]) | st.sampled_from(WHITESPACE),
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(texts, inner, max_size=4),
    ),
    max_leaves=25,
)
projections = st.dictionaries(
    st.sampled_from(
        ["id", "code", "status", "effectiveDateTime", "authoredOn", "start", "component", " ", ""]
    ),
    values,
    max_size=5,
).map(lambda d: {**d, "resourceType": "Observation"})


def _assert_same(projection: dict[str, Any]) -> None:
    try:
        expected = _cleaning_first(projection)
    except _TooDeepError:
        with pytest.raises(_TooDeepError):
            cleaned_with_key(projection)
        return
    got = cleaned_with_key(projection)
    # repr tells 1 from 1.0 and True, a list from a tuple, and equals itself for NaN.
    assert repr(got[0]) == repr(expected[0])
    assert got[1] == expected[1]


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projections)
def test_skipping_clean_gives_what_cleaning_first_gives(projection: dict[str, Any]) -> None:
    _assert_same(projection)


@pytest.mark.parametrize(
    "when", ["0000-00-00T00:00\n\n", "2026-10-01T09:00\t", "20261001\n\n", " 20261001\t"]
)
def test_a_date_elements_trailing_whitespace_is_trimmed_as_any_text_is(when: str) -> None:
    """Found by the property test: a date element was stripped of every trailing whitespace,
    which the bytes check does not look for; it is trimmed as any other text."""
    for key in ("effectiveDateTime", "authoredOn", "start"):
        _assert_same({"resourceType": "Observation", key: when})


@pytest.mark.parametrize("space", WHITESPACE, ids=[f"U+{ord(c):04X}" for c in WHITESPACE])
def test_every_whitespace_only_string_is_cleaned(space: str) -> None:
    for text in (space, space * 3, space + "\u3000", space + " "):
        projection = {"resourceType": "Observation", "status": "final", "code": {"text": text}}
        _assert_same(projection)
        assert cleaned_with_key(projection)[0] == {"resourceType": "Observation", "status": "final"}


@pytest.mark.parametrize("space", WHITESPACE, ids=[f"U+{ord(c):04X}" for c in WHITESPACE])
def test_val_whitespace_a_padded_string_is_trimmed(space: str) -> None:
    def code_of(code: str) -> str:
        projection = {
            "resourceType": "MedicationAdministration",
            "medicationCodeableConcept": {"coding": [{"code": code, "display": "多西他赛"}]},
        }
        _assert_same(projection)
        cleaned: str = cleaned_with_key(projection)[0]["medicationCodeableConcept"]["coding"][0][
            "code"
        ]
        return cleaned

    # Any leading whitespace; trailing spaces (a code padded to its field's width), tabs and
    # line breaks ("72962\r\n").
    assert code_of(f"{space}YP0832") == "YP0832"
    assert code_of(f"{space * 2}YP0832   ") == "YP0832"
    assert code_of("72962\r\n") == code_of("72962\t") == "72962"
    # Other trailing whitespace stays (VAL-REPAIR leaves out a code R4 rejects for it).
    trimmed = space in " \t\r\n"
    assert code_of(f"YP0832{space}") == ("YP0832" if trimmed else f"YP0832{space}")


@pytest.mark.parametrize(
    ("key", "received", "r4"),
    [
        ("effectiveDateTime", "20261001", "2026-10-01"),
        ("effectiveDateTime", "20261001093000", "2026-10-01T09:30:00Z"),
        ("authoredOn", "202610010930", "2026-10-01T09:30:00Z"),
        ("start", "20261001093000.123+0800", "2026-10-01T09:30:00.123+08:00"),
        ("recordedDate", " 20261001 ", "2026-10-01"),
        ("code", "20261001", "20261001"),  # eight digits outside a date element: a code
        ("effectiveDateTime", "2026100", "2026100"),
        ("effectiveDateTime", "20261001093", "20261001093"),
    ],
)
def test_val_date_forms_hl7_v2_dates_in_date_elements(key: str, received: str, r4: str) -> None:
    projection = {"resourceType": "MedicationAdministration", key: received}
    _assert_same(projection)
    assert cleaned_with_key(projection)[0][key] == r4


@pytest.mark.parametrize(
    "when",
    [
        "2026-01-02T03:04",
        "2026-01-02T03:04:05",
        "2026-01-02T03:04:05.123",
        "2026-01-02T03:04\n",
        "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0662T\u0660\u0663:\u0660\u0664",
    ],
)
def test_a_local_date_time_is_still_given_a_timezone(when: str) -> None:
    projection = {"resourceType": "Observation", "effectiveDateTime": when}
    _assert_same(projection)
    assert cleaned_with_key(projection)[0]["effectiveDateTime"].endswith("Z")


def test_a_clean_projection_is_used_as_it_is() -> None:
    projection = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "718-7"}], "text": "Hb null"},
        "effectiveDateTime": "2026-01-02T03:04:05+08:00",
    }
    projection["code"]["text"] = "Hb"
    cleaned, key = cleaned_with_key(projection)
    assert cleaned is projection
    assert key == _cleaning_first(projection)[1]


@pytest.mark.parametrize("depth", [_MAX_DEPTH - 2, _MAX_DEPTH - 1, _MAX_DEPTH, _MAX_DEPTH + 1, 100])
def test_nesting_is_rejected_at_the_same_depth(depth: int) -> None:
    for leaf in ("x", 1, {"a": 1}):
        deep: Any = leaf
        for _ in range(depth):
            deep = {"x": deep}
        _assert_same({"resourceType": "Observation", "code": deep})
        deep_list: Any = leaf
        for _ in range(depth):
            deep_list = [deep_list]
        _assert_same({"resourceType": "Observation", "code": deep_list})


def test_what_orjson_cannot_dump_is_cleaned() -> None:
    class Frozen(dict[str, Any]):
        pass

    for odd in ({1: "a"}, {"a": 2**80}, {"a": "\ud800"}):
        _assert_same({"resourceType": "Observation", "code": odd})
    _assert_same({"resourceType": "Observation", "code": Frozen(text="x")})
    assert orjson.dumps(Frozen(text="x")) == b'{"text":"x"}'
