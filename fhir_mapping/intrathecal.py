"""CNS-METASTASES, LOT-SUPPORTIVE: what is given into the CSF — an intrathecal route or
treatment, by its codes and words (`data/intrathecal_concepts.csv`), and for a drug's dosage or
name an intraventricular one (an Ommaya reservoir; twenty-seventh session). A leaf module: selection
reads a dosage's route on the received JSON with it, the readers on validated models.

The dosages of a record: a MedicationAdministration's `dosage` (one), a MedicationRequest's
`dosageInstruction` and a MedicationStatement's `dosage` (lists)."""

from __future__ import annotations

import re
from typing import Any

from eligibility.caches import BoundedMemo
from fhir_mapping.elements import coded, get, plain_key
from fhir_mapping.terminology import (
    MEMO_LIMIT,
    CodedText,
    chemotherapy_procedure_table,
    drug_table,
    given_beside_table,
    intrathecal_table,
    other_route_table,
)

INTRATHECAL = "intrathecal"
# The element holding each medication record's dosages (a list but for an administration's).
DOSAGE_ELEMENT = {
    "MedicationAdministration": "dosage",
    "MedicationRequest": "dosageInstruction",
    "MedicationStatement": "dosage",
}


# Into the cerebral ventricles (an Ommaya reservoir): into the CSF as an intrathecal dose is, for
# a dosage's route and words and a drug's name; not a Procedure's (a reservoir's placement gives
# no drug): 7 December 2026, twenty-seventh session.
INTRAVENTRICULAR = "intraventricular"
# By lumbar puncture ("12 mg by lumbar puncture", a route 腰椎穿刺): the needle is in the CSF, for
# a dosage's route and words and a drug's name; a Procedure so named is read as one into the
# ventricles is (7 December 2026, twenty-seventh session).
LUMBAR_PUNCTURE = "lumbar puncture"
_INTO_THE_CSF = frozenset({INTRATHECAL, INTRAVENTRICULAR, LUMBAR_PUNCTURE})
# "IT injection 12 mg", "IT inj. 50mg" (no dose before IT): intrathecal or intratumoral, neither
# a vein — intrathecal for a drug given into the CSF (`_CSF_DRUGS`), else no route as before
# (7 December 2026, twenty-eighth session).
_IT_INJECTION = "IT injection"
# The anticancer drugs given into the CSF (EANO-ESMO 2017: leptomeningeal metastasis; the CNS
# prophylaxis of leukaemia and lymphoma), by their agents in `drugs.csv`.
_CSF_DRUGS = frozenset({"methotrexate", "cytarabine", "thiotepa"})
# What a Procedure's name must say beside it (chemotherapy, an anticancer drug) to give a drug.
_NEEDS_A_DRUG = frozenset({INTRAVENTRICULAR, LUMBAR_PUNCTURE})


def into_the_csf(procedure: CodedText) -> bool:
    """Whether a Procedure's name records a drug given into the CSF: an intrathecal treatment
    ("腰椎穿刺+鞘内注射"), or one into the ventricles naming chemotherapy
    (`chemotherapy_procedures.csv`) or an anticancer drug ("经Ommaya囊脑室内化疗", "Intraventricular
    methotrexate via Ommaya") — not an Ommaya reservoir's placement, which gives no drug
    (7 December 2026, twenty-seventh session); likewise a lumbar puncture, mostly diagnostic,
    only naming chemotherapy or an anticancer drug ("Lumbar puncture with methotrexate")."""
    concepts = intrathecal_table().concepts(procedure)
    if INTRATHECAL in concepts:
        return True
    if _NEEDS_A_DRUG.isdisjoint(concepts):
        return False
    if chemotherapy_procedure_table().concepts(procedure):
        return True
    table = drug_table()
    return any(
        table.drugs[agent].antineoplastic
        for text in procedure.texts()
        for agent in table.agents_in(text)
    )


def by_the_intrathecal_route(dosage: Any) -> bool:
    """Whether a dosage (validated, or the received JSON) gives its drug intrathecally: its
    route's code or words, or its own words (鞘内注射, 鞘注, "intrathecal", "IT"), and no words
    of another route beside them ("MTX 3 g/m2 ivgtt d1，12mg 鞘注 d2" is also systemic)."""
    return _reading(dosage) == INTRATHECAL


def by_an_intrathecal_dosage(dosages: Any, medication: Any = None) -> bool:
    """Whether a record's dosages (one, or a list) give its drug intrathecally: one says so and
    none names another route (an order of methotrexate 12 mg 鞘注 and 3 g/m² by a vein is also
    systemic) — by a route element that is not intrathecal, or by words of a route into the body
    (`data/other_routes.csv`: "ivgtt", "IV over 4 h", 静滴, 口服, "po", 皮下, "IM") or into a
    tumour. A dosage of timing and dose only does not contradict one that says intrathecal.
    When no dosage says a route, the record's `medication` (its CodeableConcept) may: the ward
    typed the route into the drug's name ("Methotrexate intrathecal 12 mg", 甲氨蝶呤（鞘注）)."""
    readings = _readings(dosages)
    if _ANOTHER_ROUTE in readings:
        return False
    if medication is None:
        return INTRATHECAL in readings
    if _IT_INJECTION in readings and _a_csf_drug(medication):
        return True  # "IT injection 12 mg" of methotrexate: into the CSF (twenty-eighth session)
    name = _names_reading(medication)
    if name == _INTRATUMORAL:
        return False  # "IT" of a drug given only into the tumour (talimogene) is intratumoral
    return INTRATHECAL in readings or name == INTRATHECAL


def _readings(dosages: Any) -> list[str]:
    if dosages is None or isinstance(dosages, list | tuple):
        return [_reading(dosage) for dosage in dosages or ()]
    return [_reading(dosages)]


def may_say_the_csf(dosages: Any) -> bool:
    """Whether selection keeps a record's dosages' route and words: one says intrathecal, or
    says "IT injection" (intrathecal for a drug given into the CSF, whose name the readers have:
    twenty-eighth session), and none names another route."""
    readings = _readings(dosages)
    return _ANOTHER_ROUTE not in readings and (INTRATHECAL in readings or _IT_INJECTION in readings)


def _a_csf_drug(medication: Any) -> bool:
    """Whether a record's drug names (one CodeableConcept, or a tuple of them) name a drug
    given into the CSF (methotrexate, cytarabine, thiotepa). Asked only of a record saying
    "IT injection", a rare reading: not memoised (`agents_in` memoises by text)."""
    names = medication if isinstance(medication, tuple) else (medication,)
    table = drug_table()
    return any(
        agent in _CSF_DRUGS
        for name in names
        for text in coded(name).texts()
        for agent in table.agents_in(text)
    )


def _names_reading(medication: Any) -> str:
    """What a record's drug names say of its route: one CodeableConcept, or several (a
    referenced Medication's code and the reference's `display`, twenty-seventh session) —
    intratumoral if one says so, intrathecal if one says so and none names another route."""
    if not isinstance(medication, tuple):
        return _name_reading(medication)
    readings = [_name_reading(name) for name in medication]
    if _INTRATUMORAL in readings:
        return _INTRATUMORAL
    if INTRATHECAL not in readings:
        return _NO_ROUTE
    if any(_names_another_route(coded(name)) for name in medication):
        return _NO_ROUTE
    return INTRATHECAL


def by_an_intrathecal_name(medication: Any) -> bool:
    """Whether a drug's name (a record's medicationCodeableConcept; or a tuple of names: a
    referenced Medication's code and the reference's display) names the intrathecal route
    and no other: "Methotrexate intrathecal", "IT MTX", 鞘注 — not a product's labelled use
    ("preservative-free (for intrathecal use)": the product also goes into a vein), nor a name
    listing routes ("for intravenous or intrathecal use")."""
    return _names_reading(medication) == INTRATHECAL


def _name_reading(medication: Any) -> str:
    """What a drug's name says of its route: intrathecal only, intratumoral (a drug given only
    into the tumour: its "IT"), or nothing. Memoised by content, received JSON or validated: a
    chart names the same few drugs record after record, and every record's name is asked."""
    key = plain_key(medication) if type(medication) is dict else _validated_key(medication)
    if key is None:
        return _read_name(medication)
    found = _name_memo.get(key)
    if found is None:
        found = _name_memo.put(key, _read_name(medication))
    return found


def _read_name(medication: Any) -> str:
    concept = coded(medication)
    concepts = intrathecal_table().concepts(concept)
    if _INTRATUMORAL in concepts:
        return _INTRATUMORAL
    if _IT_INJECTION in concepts and _a_csf_drug(medication):
        # "Methotrexate IT injection 12 mg" as the drug's name (twenty-eighth session).
        return _NO_ROUTE if _names_another_route(concept) else INTRATHECAL
    if _INTO_THE_CSF.isdisjoint(concepts) or _LABELLED_USE in concepts:
        return _NO_ROUTE
    return _NO_ROUTE if _names_another_route(concept) else INTRATHECAL


def _validated_key(concept: Any) -> tuple[Any, ...] | None:
    """Everything `coded` reads from a validated CodeableConcept, as plain values (None for
    anything else): its codings' system, code and display, and its text. Tagged apart from
    `plain_key`'s tuples, which hold the same values for the same content."""
    if type(concept).__name__ != "CodeableConcept":
        return None
    codings = tuple((c.system, c.code, c.display) for c in concept.coding or () if c is not None)
    return ("validated", codings, concept.text)


_ANOTHER_ROUTE = "another route"
_NO_ROUTE = ""
_INTRATUMORAL = "intratumoral"
_LABELLED_USE = "labelled use"


def _reading(dosage: Any) -> str:
    """What a dosage says of its route: intrathecal, another route, or nothing. Memoised by
    content for received JSON: a chart gives the same few drugs the same way, cycle after cycle,
    and selection asks of every administration."""
    text = get(dosage, "text")
    route = get(dosage, "route")
    if text is None and route is None:  # an order's dosage of timing and dose only
        return _NO_ROUTE
    if text is not None and type(text) is not str:
        return _read(text, route)
    # An order's dosage has words and often no route ("1 tablet daily", validated or not):
    # memoised by its words (`plain_key` is never the empty tuple).
    key = () if route is None else plain_key(route)
    if key is None:
        return _read(text, route)
    found = _route_memo.get((text, key))
    if found is None:
        found = _route_memo.put((text, key), _read(text, route))
    return found


def _read(text: Any, route: Any) -> str:
    route_concept = coded(route)
    words = text if isinstance(text, str) else None
    concept = route_concept if words is None else route_concept + CodedText(text=words)
    concepts = intrathecal_table().concepts(concept)
    # A dosage's "for intrathecal use" is its route (a name's is the product's labelled use);
    # into the ventricles (an Ommaya reservoir) is into the CSF too.
    said = not _INTO_THE_CSF.isdisjoint(concepts) or _LABELLED_USE in concepts
    # A route element saying only "IT injection" is no other route: intrathecal or intratumoral,
    # its drug decides (twenty-eighth session).
    unsure_route = (
        route is not None
        and not said
        and _IT_INJECTION in intrathecal_table().concepts(route_concept)
    )
    another = (
        (route is not None and not said and not unsure_route)
        or _INTRATUMORAL in concepts
        or _names_another_route(route_concept)
        or (
            words is not None
            and _another_route_in_words(words, said=said or _IT_INJECTION in concepts)
        )
    )
    if another:
        return _ANOTHER_ROUTE
    if said:
        return INTRATHECAL
    return _IT_INJECTION if _IT_INJECTION in concepts else _NO_ROUTE


def _another_route_in_words(words: str, *, said: bool) -> bool:
    """Whether a dosage's words name a route into the body for its own drug. Beside an
    intrathecal dose, a clause naming another route that also names what is given beside the
    drug — hydration, saline, premedication, an antiemetic (`data/given_beside.csv`) or a
    supportive drug of `drugs.csv` — and no anticancer drug is that item's route: "12 mg IT;
    IV hydration with normal saline", "10mg 鞘内注射；昂丹司琼 8mg 静推" are intrathecal,
    "MTX 3 g/m2 IV with hydration" is not (its clause "MTX 3 g/m2 IV" names no other item)."""
    if not _names_another_route(CodedText(text=words)):
        return False
    if not said:
        return True
    return any(
        _names_another_route(CodedText(text=clause)) and not _given_beside(clause)
        for clause in _CLAUSES.split(words)
    )


def _given_beside(clause: str) -> bool:
    """Whether a clause names an item given beside the record's drug and no anticancer drug:
    by its name, or (twenty-seventh session) by a volume and no dose ("IV 500 mL"; since the
    twenty-eighth session a flush's "IV 5 mL" too)."""
    table = drug_table()
    agents = [table.drugs[agent] for agent in table.agents_in(clause)]
    if any(drug.antineoplastic for drug in agents):
        return False
    if agents or given_beside_table().concepts(CodedText(text=clause)):
        return True
    return _a_bare_volume(clause)


# A volume (mL, litres; a rate in mL/h too) and a dose (a mass, units, per m², an AUC).
_VOLUME = re.compile(
    r"(?<![A-Za-z0-9_.])(\d+(?:\.\d+)?)\s*(ml|毫升|l|升)(?![A-Za-z])", re.IGNORECASE
)
_DOSE = re.compile(
    r"\d\s*(?:mg|g|gm|μg|µg|ug|mcg|ng|iu|u|units?|mmol|毫克|克|微克|单位)(?![A-Za-z])"
    r"|/\s*m(?:2|²)|\bauc\b",
    re.IGNORECASE,
)


def _a_bare_volume(clause: str) -> bool:
    """Whether a clause gives a volume and no dose: "IV 500 mL", "静滴 1000ml" (the fluids), "IV
    5 mL" (a flush, a diluent) — beside an intrathecal dose not the drug: chemotherapy is
    ordered by its dose, a mass ("3 g/m2 IV in 500 mL" is high-dose methotrexate), never by a
    volume alone. Twenty-seventh session for a bag (50 mL or more); twenty-eighth session any
    volume: before it "MTX 12 mg IT; IV 5 mL" was a systemic line — the drug's own route
    governs, not a flush's."""
    if _DOSE.search(clause):
        return False
    return _VOLUME.search(clause) is not None


# The clauses of a dosage's words: its separators, and the words joining two items given.
_CLAUSES = re.compile(
    r"[;；,，。、+＋]|\b(?:with|then|and|plus|before|after|followed by)\b|同时|后予|前予|之前|之后",
    re.IGNORECASE,
)


# A route forbidden is no route given: "鞘内注射（严禁静脉注射）", "not for IV use", "do not give
# orally" (a wrong-route warning written beside an intrathecal dose; twenty-seventh session,
# red-team review: before it, a systemic line).
_FORBIDDEN_ROUTE = re.compile(
    r"(?:严禁|禁止|不可|不得|切勿|禁用|勿)[^，,；;。)）]{0,4}?"
    r"(?:静脉|静滴|静推|静注|口服|皮下|肌注|肌内|肌肉)[^，,；;。)）]*"
    r"|\b(?:not\s+for|never|do\s+not\s+(?:give|administer|inject)|must\s+not\s+be\s+given"
    r"|not\s+to\s+be\s+given)\b[^,;.)]{0,20}?"
    r"\b(?:iv|i\.v\.|intravenous\w*|oral\w*|by\s+mouth|po|subcut\w*|sc|im|intramuscular\w*)\b",
    re.IGNORECASE,
)


def _names_another_route(concept: CodedText) -> bool:
    """Whether a route's codes or words, or a dosage's words, name a route into the body
    (`data/other_routes.csv`), a route forbidden aside. Called by the memoised readings only."""
    table = other_route_table()
    return bool(table.code_rows(concept)) or any(
        table.row_for_text(_FORBIDDEN_ROUTE.sub(" ", text)) for text in concept.texts()
    )


_route_memo: BoundedMemo[tuple[Any, ...], str] = BoundedMemo(
    "fhir_mapping.intrathecal.by_the_intrathecal_route", MEMO_LIMIT
)
_name_memo: BoundedMemo[tuple[Any, ...], str] = BoundedMemo(
    "fhir_mapping.intrathecal.by_an_intrathecal_name", MEMO_LIMIT
)
