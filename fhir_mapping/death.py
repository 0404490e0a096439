"""PAT-DECEASED: a death recorded as a Condition. Wards and problem lists record a death as an
entry of its own ("死亡", SNOMED CT 419620001 |Death (event)|) while the registration system's
Patient still says `deceasedBoolean` false or nothing; a coordinator reads the entry as the
death it records. Whole words only, read literally: "Death" and "死亡" name the death, "Family
history of sudden death" or "死亡风险" (risk of death) do not."""

from __future__ import annotations

from eligibility.facts import DISOWNED_VERIFICATION, UNCONFIRMED_VERIFICATION
from fhir_mapping.elements import coded, get, status_code
from fhir_mapping.terminology import CodedText

_SNOMED = "http://snomed.info/sct"
# SNOMED CT 419620001 |Death (event)| (the International release's concept for a death).
_DEATH_CODES = frozenset({"419620001"})
_DEATH_WORDS = frozenset(
    {
        "death",
        "death (event)",
        "died",
        "deceased",
        "patient deceased",
        "patient died",
        "死亡",
        "已死亡",
        "患者死亡",
        "临床死亡",
    }
)
_PUNCTUATION = " .。;；:："


def records_death(concept: CodedText) -> bool:
    """Whether a Condition's code records the patient's death."""
    if any(c.system == _SNOMED and c.code in _DEATH_CODES for c in concept.codings):
        return True
    return any(t.strip(_PUNCTUATION).casefold() in _DEATH_WORDS for t in concept.texts())


def death_condition(model: object) -> bool:
    """A Condition (validated model or JSON) recording the death, not refuted, entered in error
    or held in doubt."""
    status = status_code(get(model, "verificationStatus"))
    if status in DISOWNED_VERIFICATION or status in UNCONFIRMED_VERIFICATION:
        return False
    return records_death(coded(get(model, "code")))
