"""Lab values and QTc: the newest result of each, readable or not.

Labs are converted to the analyte's canonical UCUM unit (`eligibility.vocabulary.CANONICAL_UNITS`)
with the factors in `data/lab_units.csv`; `referenceRange` high/low (or its text), of the ranges
for the patient's sex and age (`reference_ranges`), become the limits of normal, converted the
same way (VAL-LAB-ULN). A lab is its own Observation or a panel's component (VAL-LAB-PANEL),
never another measurement named like it (VAL-LAB-ANALYTE); a result given as a bound ("<3.4 µmol/L")
is read as one (VAL-LAB-BOUND). QTc is its own Observation, a
component of an ECG panel, or the target of a panel's `hasMember` (itself a QTc Observation).
How values, units, strings and an unreadable newest result are read: rules VAL-STRING, VAL-QTC
and VAL-NEWEST in docs/clinical-rules.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from eligibility.facts import Comparator, Measurement, QTc
from eligibility.vocabulary import CANONICAL_UNITS, Analyte
from fhir_mapping.draws import Draw, draw_of, same_draw
from fhir_mapping.elements import coded, get, items
from fhir_mapping.mapping_warnings import Warnings
from fhir_mapping.observations import (
    FORM_QTC,
    Candidate,
    Glance,
    glance_of,
    newest_day,
    newest_day_per_keys,
    number,
    observation_date,
    observation_instant,
    resolve,
    usable,
)
from fhir_mapping.parsing import Parsed
from fhir_mapping.qtc_words import (
    QtcWords,
    form_gives_qtc,
    formula_of,
    pair_value,
    qtc_in_words,
    without_note,
)
from fhir_mapping.reference_ranges import Subject, applicable
from fhir_mapping.reports import findings
from fhir_mapping.specimens import (
    URINE,
    Samples,
    contained_id,
    contained_specimen,
    of_urine,
    specimen_key,
)
from fhir_mapping.terminology import lab_unit_factors, normalise_unit, observation_table
from fhir_mapping.value_strings import read_number, read_written_range

_MS_UNITS = frozenset({"ms", "msec", "millisecond", "milliseconds", "毫秒"})
_S_UNITS = frozenset({"s", "sec", "second", "seconds", "秒"})
_COMPARATORS: dict[str, Comparator] = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _units(quantity: Any) -> list[str]:
    found = []
    for key in ("code", "unit"):
        value = get(quantity, key)
        if isinstance(value, str) and value.strip():
            found.append(normalise_unit(value))
    return found


def convert(
    analyte: Analyte, quantity: Any, fallback_units: list[str] | None = None
) -> float | None:
    value = number(get(quantity, "value"))
    if value is None:
        return None
    return _in_unit(analyte, value, _units(quantity) or (fallback_units or []))


_LAB = "lab:"
# VAL-LAB-ANALYTE: a part of an analyte (the segmented neutrophils of the ANC, without the band
# forms): its count is a lower bound of the analyte's, named by the concept's last part.
_PART_LAB = "lab-part:"
# VAL-LAB-ANALYTE: a name of another measurement beside an analyte's (direct bilirubin, MCHC, urine
# creatinine, band neutrophils, ...): the Observation is not that analyte's result.
_OTHER_LAB = "lab-other:"
# VAL-LAB-ANALYTE: the rest of an analyte beside its part (the band neutrophils beside the
# segmented): never the analyte alone, but the part's count of its day plus it is the analyte.
_ADDEND_LAB = "lab-addend:"
_ANALYTES = {analyte.value: analyte for analyte in Analyte}

# What a holder gives of an analyte: the analyte, and the part it counts alone (None: all of it).
Reading = tuple[Analyte, str | None]


def _lab_concept(concept: str) -> Reading | None:
    """The analyte a lab concept names ("lab:anc"), or the analyte and the part of it that a
    part's concept names ("lab-part:anc:segmented_neutrophils")."""
    if concept.startswith(_LAB):
        analyte = _ANALYTES.get(concept.removeprefix(_LAB))
        return None if analyte is None else (analyte, None)
    if concept.startswith(_PART_LAB):
        value, _, part = concept.removeprefix(_PART_LAB).partition(":")
        analyte = _ANALYTES.get(value)
        return None if analyte is None else (analyte, part.replace("_", " ") or value)
    return None


def _analyte(concepts: tuple[str, ...]) -> Reading | None:
    """The analyte a code's concepts name: the first lab concept, in `concepts` order (verified
    codes, then names, then unverified codes), unless it is another measurement or the rest of
    an analyte beside its part (never the analyte alone)."""
    for concept in concepts:
        if concept.startswith((_OTHER_LAB, _ADDEND_LAB)):
            return None
        found = _lab_concept(concept)
        if found is not None:
            return found
    return None


def _analytes(seen: Glance) -> tuple[Analyte, ...]:
    """VAL-LAB-PANEL: the analytes an Observation may hold: its own, and its components' (a panel's
    component is checked again when read, one by one)."""
    own = _analyte(seen.concepts)
    found = dict.fromkeys(() if own is None else (own[0],))
    for concept in seen.component_concepts:
        reading = _lab_concept(concept)
        if reading is not None:
            found[reading[0]] = None
    return tuple(found)


# Units that make a result a different measurement of the analyte (a neutrophil percentage is
# not a count): such a result is skipped, not read as an unreadable count.
_OTHER_MEASUREMENT_UNITS = frozenset({"%"})
# VAL-LAB-UNITS: a decimal comma ("1,8 G/L"); a comma before three digits may separate
# thousands ("1,800/uL") and is left alone, so the value stays unreadable.
_DECIMAL_COMMA = re.compile(r"(?<![\d,])(\d+),(\d{1,2})(?![\d,])")


def _in_unit(analyte: Analyte, value: float, units: list[str]) -> float | None:
    """`value` in the analyte's canonical unit, read in the first of `units` it has a factor
    for; None when none has."""
    factors = lab_unit_factors()
    for unit in units:
        factor = factors.get((analyte.value, unit))
        if factor is not None:
            return round(value * factor, 4)
    return None


# VAL-LAB-BOUND: a result written as a bound, as laboratories print one beyond the assay's range
# ("<3.4 µmol/L", "＜0.5", "≥ 1000"): the mark before the number.
_WRITTEN_BOUND = re.compile(r"^\s*(<=|>=|[<>≤≥≦≧＜＞])\s*(?=\d)")
_BOUND_MARKS: dict[str, Comparator] = {
    **_COMPARATORS,
    "≤": "<=",
    "≦": "<=",
    "≥": ">=",
    "≧": ">=",
    "＜": "<",
    "＞": ">",
}

# VAL-LAB-ANALYTE: a presence grade without a unit, as a dipstick or a qualitative test gives it
# ("Negative", "阴性", "2+", "±", "Trace"): another measurement than the analyte's concentration.
_PRESENCE = re.compile(
    r"^\s*(?:negative|positive|neg|pos|trace|阴性|阳性|弱阳性|微量|[+±]+|\d\s*\+|\+\s*\d)\s*"
    r"(?:[(（][^)）]*[)）])?\s*$",
    re.I,
)

# A lab holder's value: (the value in the canonical unit, or None when unreadable; the units it
# was read in; its comparator when it is a bound).
LabValue = tuple[float | None, list[str], Comparator | None]


def _lab_value(analyte: Analyte, holder: Any) -> LabValue | None:
    """The holder's value (`LabValue`), or None when the result is another measurement of the
    analyte."""
    quantity = get(holder, "valueQuantity")
    if quantity is not None:
        units = _units(quantity)
        if any(unit in _OTHER_MEASUREMENT_UNITS for unit in units):
            return None
        recorded = get(quantity, "comparator")
        comparator = _COMPARATORS.get(str(recorded))
        if recorded is not None and comparator is None:
            return None, units, None
        return convert(analyte, quantity), units, comparator
    string = get(holder, "valueString")
    if isinstance(string, str) and "," in string:
        string = _DECIMAL_COMMA.sub(r"\1.\2", string)
    comparator = None
    if isinstance(string, str) and (mark := _WRITTEN_BOUND.match(string)) is not None:
        comparator = _BOUND_MARKS[mark.group(1)]
        string = string[mark.end() :]
    if isinstance(string, str) and _PRESENCE.match(string):
        return None
    reading = read_number(string)
    if reading is None:
        return None, [], None
    # VAL-LAB-UNITS: a high or low arrow after the value is the laboratory's flag.
    unit = normalise_unit(reading.unit.rstrip("↑↓ "))
    if unit in _OTHER_MEASUREMENT_UNITS:
        return None
    return _in_unit(analyte, reading.value, [unit]), [unit], comparator


def _recorded(holder: Any) -> str:
    """The value as recorded, for a reason that quotes it."""
    string = get(holder, "valueString")
    if isinstance(string, str):
        return string
    quantity = get(holder, "valueQuantity")
    parts = [get(quantity, key) for key in ("comparator", "value", "unit")]
    return " ".join(str(part) for part in parts if part is not None) or "?"


# VAL-LAB-PANEL: the analytes a laboratory also measures on urine, under the serum's name
# (肌酐 creatinine, 胆红素 bilirubin, 血红蛋白 haemoglobin): a result of one whose sample is
# unknown may be the urine's. A blood count's ANC or platelets, a transaminase, are never urine.
MEASURED_ON_URINE_TOO = frozenset({Analyte.CREATININE, Analyte.TOTAL_BILIRUBIN, Analyte.HEMOGLOBIN})


def _holders(model: Any, samples: Samples) -> list[tuple[Reading, Any, str]]:
    """What holds a lab result, with what it gives and its element for a warning: the
    Observation itself, then the panel's components (VAL-LAB-PANEL); none of a urinalysis."""
    table = observation_table()
    concepts = table.concepts(coded(get(model, "code")))
    own = _analyte(concepts)
    if _of_urine(model, concepts, samples):
        # A urinalysis names its lines bare ("Bilirubin", "Creatinine"): they are the urine's,
        # not the serum's; a creatinine clearance is measured on urine.
        if own is not None and own[0] is Analyte.CREATININE_CLEARANCE:
            return [(own, model, "value[x]")]
        return []
    found = [] if own is None else [(own, model, "value[x]")]
    for index, component in enumerate(items(model, "component")):
        reading = _analyte(table.concepts(coded(get(component, "code"))))
        if reading is not None:
            found.append((reading, component, f"component[{index}].value[x]"))
    return found


def _of_urine(model: Any, concepts: tuple[str, ...], samples: Samples) -> bool:
    """VAL-LAB-PANEL: a urinalysis, by its code or words (`concepts`: 尿常规, urinalysis, urine
    dipstick), or a result whose specimen is named urine or is a Specimen of type urine
    (`samples.urine`, by `Specimen/<id>`)."""
    if URINE in concepts:
        return True
    specimen = get(model, "specimen")
    if samples.of_urine(get(specimen, "reference")):
        return True
    contained = contained_specimen(model)
    if contained is not None and of_urine(contained):
        return True
    display = get(specimen, "display")
    return isinstance(display, str) and URINE in observation_table().concepts(
        coded({"text": display})
    )


def _unknown_sample(model: Any, samples: Samples) -> str | None:
    """VAL-LAB-PANEL: the `Specimen/<id>` of a result (not of urine) whose sample the data does
    not show: its Specimen is not held and no display names the sample; or the "#<id>" of a
    contained one the result does not hold."""
    reference = _sample_reference(model)
    if contained_id(reference) is not None:
        return None if contained_specimen(model) is not None else str(reference)
    return samples.unheld(reference)


def _sample_reference(model: Any) -> object:
    """The reference that alone can say a result's sample, or None when its display names it."""
    specimen = get(model, "specimen")
    display = get(specimen, "display")
    return None if isinstance(display, str) and display.strip() else get(specimen, "reference")


def sample_to_look_up(resource: Mapping[str, Any]) -> str | None:
    """The `Specimen/<id>` an Observation (raw, before mapping) refers to when only that
    Specimen can say whether it is urine, for a result of an analyte measured on urine too
    (the hook fetches it: cds_service/hooks/specimen_need.py); None for anything else."""
    key = specimen_key(_sample_reference(resource))
    if key is None:
        return None
    table = observation_table()
    concepts = table.concepts(coded(resource.get("code")))
    if _of_urine(resource, concepts, Samples()):
        return None
    own = _analyte(concepts)
    analytes = {own[0]} if own is not None else set()
    for component in items(resource, "component"):
        reading = _analyte(table.concepts(coded(get(component, "code"))))
        if reading is not None:
            analytes.add(reading[0])
    return key if analytes & MEASURED_ON_URINE_TOO else None


def _of_unknown_sample(fact: Measurement, specimen: str, recorded: str) -> Measurement:
    """A result that may be the urine's: the newest of its analyte, unreadable, quoting the
    value as recorded and saying what would settle it (GEN-UNKNOWN), never the serum's."""
    return Measurement(
        analyte=fact.analyte,
        value=None,
        unit=fact.unit,
        date=fact.date,
        evidence=fact.evidence,
        unreadable=f"{recorded}, its sample ({specimen}) not in the chart: urine or serum",
    )


def _measurement(
    holder: Any, reading: Reading, source: tuple[str, date | None], subject: Subject, as_of: date
) -> Measurement | None:
    """The result one holder (an Observation or a panel's component) gives, read or unreadable;
    None when it holds no value or another measurement of the analyte. `source`: the
    Observation's reference and date."""
    analyte, part = reading
    if get(holder, "valueQuantity") is None and not isinstance(get(holder, "valueString"), str):
        return None
    read = _lab_value(analyte, holder)
    if read is None:
        return None
    value, units, comparator = read
    reference, when = source
    common = {
        "evidence": (reference,),
        "analyte": analyte,
        "unit": CANONICAL_UNITS[analyte],
        "date": when,
        "comparator": comparator,
    }
    if value is None:
        return Measurement(value=None, unreadable=_recorded(holder), **common)
    if part is not None:
        # The reference range is the part's, not the analyte's: no limits of normal.
        return Measurement(value=value, counts_only=part, **common)
    high, low = _reference_limits(analyte, holder, units, subject, when or as_of)
    return Measurement(value=value, upper_limit_normal=high, lower_limit_normal=low, **common)


def read_labs(
    observations: Sequence[Candidate],
    as_of: date,
    warnings: Warnings,
    subject: Subject,
    samples: Samples = Samples(),  # noqa: B008 (frozen)
) -> tuple[Measurement, ...]:
    """The newest day's results per analyte (several of that day are judged together,
    VAL-SAME-DAY), each an Observation of its own or a panel's component, dated as the panel
    (VAL-LAB-PANEL); older days' results are not read (nor validated, when deferred), so a
    unit is warned about only on the results read. The limits of normal are those of the ranges
    for the patient, `subject` (VAL-LAB-ULN). `samples`: the Specimens the data holds and those
    of type urine, whose results are no serum analyte's (VAL-LAB-PANEL); a result of an analyte
    measured on urine too, on a Specimen not held, is of an unknown sample: unreadable."""

    # A panel is read once per analyte it holds: its holders are found once.
    holders: dict[str, list[tuple[Reading, Any, str]]] = {}

    def measure(observation: Parsed, analyte: Analyte) -> tuple[Measurement, ...]:
        if not usable(observation, as_of):
            return ()
        model = observation.model
        when = observation_date(model)
        found = holders.get(observation.reference)
        if found is None:
            found = holders[observation.reference] = _holders(model, samples)
        unknown_sample = (
            _unknown_sample(model, samples) if analyte in MEASURED_ON_URINE_TOO else None
        )
        read = []
        # Every holder of the analyte: two of one panel are two results of its day.
        for reading, holder, element in ((r, h, e) for r, h, e in found if r[0] is analyte):
            fact = _measurement(holder, reading, (observation.reference, when), subject, as_of)
            if fact is None:
                continue
            if unknown_sample is not None:
                fact = _of_unknown_sample(fact, unknown_sample, _recorded(holder))
                warnings.add(
                    "Observation",
                    get(model, "id"),
                    "specimen",
                    f"{unknown_sample} not in the data: urine or serum not known; "
                    "the result is unknown",
                )
            elif fact.value is None:
                warnings.add(
                    "Observation",
                    get(model, "id"),
                    element,
                    "lab value or unit not readable; the result is unknown",
                )
            read.append(fact)
        return tuple(read)

    latest = newest_day_per_keys(observations, _analytes, measure)
    read: list[Measurement] = []
    for _, day in latest:
        found = _whole_first(day)
        if found[0].counts_only is not None and found[0].date is not None:
            addends, draws = _addends(observations, found[0], as_of)
            found = _completed(found, addends, draws)
        read.extend(found)
    return tuple(read)


def _whole_first(day: tuple[Measurement, ...]) -> tuple[Measurement, ...]:
    """A day's results of an analyte, without the counts of a part of it when the day has the
    whole (an ANC counts the segmented neutrophils with the band forms: VAL-LAB-ANALYTE)."""
    whole = tuple(m for m in day if m.counts_only is None)
    return whole or day


def _addends(
    observations: Sequence[Candidate], part: Measurement, as_of: date
) -> tuple[list[Measurement], dict[str, Draw]]:
    """VAL-LAB-ANALYTE: the readable counts of the rest of `part`'s analyte (the band
    neutrophils) of `part`'s day, as Observations or a panel's components; read only here. With
    them, the sample (`Draw`) each Observation of that day names, the parts' and the rests',
    by reference."""
    concept = f"{_ADDEND_LAB}{part.analyte.value}:"
    table = observation_table()
    found = []
    draws: dict[str, Draw] = {}
    for candidate in observations:
        seen = glance_of(candidate)
        if seen.date != part.date:
            continue
        concepts = (*seen.concepts, *seen.component_concepts)
        if not any(c.startswith((concept, f"{_PART_LAB}{part.analyte.value}:")) for c in concepts):
            continue
        observation = resolve(candidate)
        if observation is None:
            continue
        model = observation.model
        draws[observation.reference] = draw_of(model)
        if not usable(observation, as_of) or not any(c.startswith(concept) for c in concepts):
            continue
        holders = [model, *items(model, "component")]
        for holder in holders:
            first = next(iter(table.concepts(coded(get(holder, "code")))), "")
            read = _lab_value(part.analyte, holder) if first.startswith(concept) else None
            if read is not None and read[0] is not None and read[2] is None:
                found.append(
                    part.model_copy(update={"evidence": (observation.reference,), "value": read[0]})
                )
    return found, draws


def _completed(
    day: tuple[Measurement, ...], addends: list[Measurement], draws: dict[str, Draw]
) -> tuple[Measurement, ...]:
    """VAL-LAB-ANALYTE: each part's count plus the rest's count of its sample — of its own
    panel, else of its specimen or instant (`same_draw`), else the day's only one beside the
    day's only part when nothing says they are two samples — is the analyte's count (ANC =
    segmented + band neutrophils); a part without one rest to add, or given as a bound, stays a
    lower bound."""
    completed = []
    for part in day:
        draw = draws.get(part.evidence[0], Draw(None, None))
        paired = [a for a in addends if a.evidence == part.evidence]
        if not paired:
            said = [
                (a, same_draw(draw, draws.get(a.evidence[0], Draw(None, None)))) for a in addends
            ]
            paired = [a for a, same in said if same]
            if not paired and len(day) == 1 and len(addends) == 1 and said[0][1] is None:
                paired = addends
        rest = paired[0].value if len(paired) == 1 else None
        if rest is None or part.value is None or part.comparator is not None:
            completed.append(part)
            continue
        completed.append(
            part.model_copy(
                update={
                    "value": round(part.value + rest, 4),
                    "counts_only": None,
                    "evidence": tuple(dict.fromkeys((*part.evidence, *paired[0].evidence))),
                }
            )
        )
    return tuple(completed)


Limits = tuple[float | None, float | None]  # (high, low) in the analyte's canonical unit


def _reference_limits(
    analyte: Analyte, holder: Any, value_units: list[str], subject: Subject, when: date
) -> Limits:
    """VAL-LAB-ULN: the limits of normal the result reports, in the canonical unit: of the
    ranges that are or may be the patient's on `when` (`reference_ranges.applicable`), each
    limit only where they all agree. A range given only as text ("0-40", "<40 U/L") is read
    from the text; a range that gives no limit is passed over."""
    ranges = [
        (reference_range, limits)
        for reference_range in items(holder, "referenceRange")
        if (limits := _range_limits(analyte, reference_range, value_units)) is not None
    ]
    chosen = applicable(ranges, subject, when)
    highs = {limits[0] for limits in chosen}
    lows = {limits[1] for limits in chosen}
    return (highs.pop() if len(highs) == 1 else None, lows.pop() if len(lows) == 1 else None)


def _range_limits(analyte: Analyte, reference_range: Any, value_units: list[str]) -> Limits | None:
    """A range's (high, low), from its quantities, else from its text; None when it gives
    neither."""
    high_q, low_q = get(reference_range, "high"), get(reference_range, "low")
    if high_q is not None or low_q is not None:
        high = convert(analyte, high_q, value_units) if high_q is not None else None
        low = convert(analyte, low_q, value_units) if low_q is not None else None
    else:
        written = read_written_range(get(reference_range, "text"))
        if written is None:
            return None
        units = [normalise_unit(written.unit)] if written.unit else value_units
        high = _in_unit(analyte, written.high, units)
        low = None if written.low is None else _in_unit(analyte, written.low, units)
    return None if high is None and low is None else (high, low)


def _milliseconds(value: float, units: list[str]) -> float | None:
    if any(unit in _MS_UNITS for unit in units):
        milliseconds = value
    elif any(unit in _S_UNITS for unit in units):
        milliseconds = value * 1000
    elif not units and 200 <= value <= 800:
        milliseconds = value
    elif not units and 0.2 <= value <= 0.8:
        milliseconds = value * 1000
    else:
        return None
    return round(milliseconds, 3) if 100 <= milliseconds <= 1000 else None


def qtc_milliseconds(quantity: Any) -> float | None:
    value = number(get(quantity, "value"))
    if value is None or get(quantity, "comparator") is not None:
        return None
    return _milliseconds(value, _units(quantity))


def _qtc_bound(quantity: Any) -> tuple[float, Comparator] | None:
    """VAL-QTC-BOUND: a Quantity with a comparator ("< 440 ms"), as (milliseconds, comparator)."""
    comparator = _COMPARATORS.get(str(get(quantity, "comparator")))
    value = number(get(quantity, "value"))
    if comparator is None or value is None:
        return None
    milliseconds = _milliseconds(value, _units(quantity))
    return None if milliseconds is None else (milliseconds, comparator)


def _qtc_value(holder: Any) -> tuple[float, Comparator | None, str | None] | None:
    """A QTc holder's value as (milliseconds, comparator, formula); None when unreadable."""
    quantity = get(holder, "valueQuantity")
    if quantity is not None:
        milliseconds = qtc_milliseconds(quantity)
        if milliseconds is not None:
            return milliseconds, None, None
        bound = _qtc_bound(quantity)
        return None if bound is None else (bound[0], bound[1], None)
    integer = number(get(holder, "valueInteger"))
    if integer is not None:
        milliseconds = _milliseconds(integer, [])
        return None if milliseconds is None else (milliseconds, None, None)
    string = get(holder, "valueString")
    if not isinstance(string, str):
        return None
    # VAL-QTC-TEXT: "QT/QTc 398/456 ms" gives its second number.
    pair = pair_value(string, " ".join(coded(get(holder, "code")).texts()))
    if pair is not None:
        milliseconds = _milliseconds(pair[0], [pair[1]] if pair[1] else [])
        return None if milliseconds is None else (milliseconds, None, None)
    # VAL-QTC-BOUND: "462 ms (延长)", "445ms(Bazett)": the value, and the formula it names; a
    # bound written before the number ("<450", "＜0.45 s") is the value's comparator.
    value, formula = without_note(string)
    comparator = None
    if (mark := _WRITTEN_BOUND.match(value)) is not None:
        comparator = _BOUND_MARKS[mark.group(1)]
        value = value[mark.end() :]
    reading = read_number(value)
    if reading is None:
        return None
    milliseconds = _milliseconds(reading.value, [reading.unit] if reading.unit else [])
    return None if milliseconds is None else (milliseconds, comparator, formula)


def _qtc_in_ecg_words(text: Any, reference: str, when: date | None) -> tuple[QTc, ...]:
    """VAL-QTC-TEXT: the QTcs an ECG reading's words give — one per value (VAL-QTC-FORMULAS:
    a cart's line by two formulas gives two, judged together), or, when they name the QTc with
    none or with one that cannot be read, the newest QTc unreadable (VAL-NEWEST)."""
    if not isinstance(text, str):
        return ()
    words = qtc_in_words(text)
    if words is None:
        return ()
    read = _qtcs_in_words(words, reference, when)
    return read or (QTc(evidence=(reference,), milliseconds=None, date=when, unreadable=text),)


def _qtcs_in_words(words: QtcWords, reference: str, when: date | None) -> tuple[QTc, ...]:
    """One QTc per distinct value the words give; none when any of them cannot be read."""
    read: dict[tuple[float, str | None, Comparator | None], QTc] = {}
    for value in words.values:
        milliseconds = _milliseconds(value.number, [value.unit] if value.unit else [])
        if milliseconds is None or value.estimate:
            return ()
        read.setdefault(
            (milliseconds, value.formula, value.comparator),
            QTc(
                evidence=(reference,),
                milliseconds=milliseconds,
                date=when,
                formula=value.formula,
                comparator=value.comparator,
            ),
        )
    return tuple(read.values())


def _qtc_recorded(holder: Any) -> str | None:
    """The QTc value as recorded, for a reason that quotes it; None when there is no value."""
    string = get(holder, "valueString")
    if isinstance(string, str):
        return string
    integer = get(holder, "valueInteger")
    if integer is not None:
        return str(integer)
    quantity = get(holder, "valueQuantity")
    if quantity is None:
        return None
    parts = [get(quantity, key) for key in ("comparator", "value", "unit")]
    return " ".join(str(part) for part in parts if part is not None) or "?"


def _qtc(observation: Parsed, as_of: date) -> tuple[QTc, ...] | None:
    """The QTcs an Observation gives (several when its words give the QTc more than once,
    VAL-QTC-FORMULAS), or None when it gives none."""
    if not usable(observation, as_of):
        return None
    model = observation.model
    code_concepts = observation_table().concepts(coded(get(model, "code")))
    if _ambulatory(model, code_concepts):
        return None
    holders = []
    if "qtc" in code_concepts:
        holders.append(model)
    for component in items(model, "component"):
        if "qtc" in observation_table().concepts(coded(get(component, "code"))):
            holders.append(component)
    when = observation_date(model)
    reference = observation.reference
    # VAL-QTC-TEXT: an ECG's reading, or a form's words giving the QTc ("QTc 478ms (自查)").
    if not holders and ("ecg" in code_concepts or form_gives_qtc(model)):
        read_in_words = _qtc_in_ecg_words(get(model, "valueString"), reference, when)
        return _taken_at(read_in_words, observation_instant(model)) or None
    # Every QTc of a panel (QTcF and QTcB components), whatever their order: the same day's
    # values are judged together (VAL-QTC-FORMULAS, VAL-SAME-DAY).
    read: list[QTc] = []
    for holder in holders:
        value = _qtc_value(holder)
        if value is not None:
            milliseconds, comparator, formula = value
            # A panel names each component's formula in its code ("QTcF", "QTc Bazett").
            formula = formula or formula_of(" ".join(coded(get(holder, "code")).texts()))
            read.append(
                QTc(
                    evidence=(reference,),
                    milliseconds=milliseconds,
                    date=when,
                    comparator=comparator,
                    formula=formula,
                )
            )
            continue
        words = qtc_in_words(get(holder, "valueString") or "")
        if words is not None:
            read.extend(_qtcs_in_words(words, reference, when))
    if read:
        return _taken_at(tuple(read), observation_instant(model))
    # A QTc recorded but not readable is the newest QTc: no older one stands in (VAL-NEWEST).
    recorded = next((text for h in holders if (text := _qtc_recorded(h)) is not None), None)
    if recorded is None:
        return None
    return (QTc(evidence=(reference,), milliseconds=None, date=when, unreadable=recorded),)


AMBULATORY_ECG = "ambulatory-ecg"


def _ambulatory(model: Any, code_concepts: Sequence[str]) -> bool:
    """A Holter or other ambulatory ECG, by its code or its method (VAL-QTC): its QTc, a maximum
    or a mean over hours of activity, is not the resting 12-lead ECG's QTc a criterion limits,
    so it is no QTc record at all and the 12-lead's stands."""
    if AMBULATORY_ECG in code_concepts:
        return True
    method = get(model, "method")
    return method is not None and AMBULATORY_ECG in observation_table().concepts(coded(method))


def _taken_at(qtcs: tuple[QTc, ...], instant: datetime | None) -> tuple[QTc, ...]:
    """`qtcs` with the time their ECG was taken, when the record gives it (VAL-QTC-ECGS: records
    of one instant are one ECG)."""
    if instant is None:
        return qtcs
    return tuple(qtc.model_copy(update={"taken_at": instant}) for qtc in qtcs)


def read_qtc(
    observations: Sequence[Candidate], reports: Sequence[Parsed], as_of: date
) -> tuple[QTc, ...]:
    """The QTcs of the newest day: of the Observations and of the newest ECG report's conclusion
    (VAL-QTC-TEXT), the Observations first (the structured records). Several of one day are
    judged together (VAL-SAME-DAY)."""
    days = newest_day(
        observations,
        # An ECG whose components hold no QTc may give one in its words (VAL-QTC-TEXT).
        # So may a form (VAL-QTC-TEXT).
        lambda seen: bool({"qtc", "ecg", FORM_QTC} & {*seen.concepts, *seen.component_concepts}),
        lambda observation: _qtc(observation, as_of),
        lambda qtcs: qtcs[0].date,
    )
    observed = tuple(qtc for qtcs in days for qtc in qtcs)
    reported = _reported_qtc(reports, as_of)
    newest = observed[0].date if observed else None
    when = reported[0].date if reported else None
    if when is None:
        return observed
    if newest is None or when > newest:
        return reported
    return (*observed, *reported) if when == newest else observed


def _reported_qtc(reports: Sequence[Parsed], as_of: date) -> tuple[QTc, ...]:
    """The QTcs of the newest ECG report whose conclusion gives any."""
    read: list[tuple[QTc, ...]] = []
    for report in reports:
        report_concepts = observation_table().concepts(coded(get(report.model, "code")))
        if "ecg" not in report_concepts or _ambulatory(report.model, report_concepts):
            continue
        found = findings(report, as_of)
        if found is None or found.when is None:
            continue
        qtcs = next(
            (q for t in found.texts if (q := _qtc_in_ecg_words(t, report.reference, found.when))),
            (),
        )
        if qtcs:
            read.append(_taken_at(qtcs, observation_instant(report.model)))
    return max(read, key=lambda qtcs: qtcs[0].date or date.min, default=())
