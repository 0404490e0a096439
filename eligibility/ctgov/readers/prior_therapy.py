"""Drug classes or agents the patient must (not) have received.

The terms come from `data/drug_class_terms.csv`.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from eligibility.criteria import AnyOfCriterion, Criterion, LineScope, PriorTherapyCriterion
from eligibility.ctgov.readers.reading import HEDGES, Reading, negated_before
from eligibility.ctgov.readers.settings import settings
from eligibility.vocabulary import DrugClass

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class _DrugTerm:
    pattern: re.Pattern[str]
    drug_class: DrugClass | None
    agent: str | None


def _term_pattern(term: str) -> str:
    parts = [re.escape(part) for part in re.split(r"[\s-]+", term)]
    return r"(?<![\w-])" + r"[\s-]*".join(parts) + r"(?:s\b|\b)"


@cache
def drug_terms() -> tuple[_DrugTerm, ...]:
    text = (
        resources.files("eligibility.ctgov")
        .joinpath("data/drug_class_terms.csv")
        .read_text("utf-8")
    )
    terms: list[_DrugTerm] = []
    for row in sorted(csv.DictReader(text.splitlines()), key=lambda r: -len(r["term"])):
        pattern = re.compile(_term_pattern(row["term"]), _I)
        if row["source"] == "generic name":
            terms.append(_DrugTerm(pattern, None, row["term"]))
        else:
            terms.append(_DrugTerm(pattern, DrugClass(row["drug_class"]), None))
    # "anti-PD-1/PD-L1", "PD-1 or PD-L1 inhibitors": both classes.
    both = re.compile(
        r"(?:anti[\s-]*)?PD[\s-]*1\s*(?:/|or|and/or|,)\s*(?:anti[\s-]*)?PD[\s-]*L[\s-]*1"
        r"(?=[\s-]*(?:inhibitor|antibod|blockade|blocking|target|directed|therap|agent|mab|"
        r"monoclonal|immunotherapy|treatment|\)))",
        _I,
    )
    terms.insert(0, _DrugTerm(both, DrugClass.ANTI_PD1, None))
    terms.insert(1, _DrugTerm(both, DrugClass.ANTI_PDL1, None))
    return tuple(terms)


_EXPOSURE = re.compile(
    r"\b(?:prior(?!\s+to\b)|previous(?:ly)?|received|receiving|treated|treatment with|therapy with|"
    r"exposure|exposed|pre-?treated|progress(?:ed|ion)|refractory|failed|failure|relapsed|"
    r"na[iï]ve)\b",
    _I,
)
_WASHOUT = re.compile(
    r"\bwithin\b|\d+\s*(?:days?|weeks?|months?|years?)\b|last dose|washout|concurrent|"
    r"concomitant|currently|ongoing|during|allerg|hypersensitiv|intoleran|contraindicat|"
    r"ineligible|unfit|unable|refus|adjuvant|neoadjuvant|maintenance|investigational|toxicit|"
    r"discontinu|associated|adverse|reaction|related|more than (?:\d|one|two|three)|\bif\b|"
    r"\bmay\b|\bavailable\b",
    _I,
)
# CT-PRIOR-QUALIFIER: how the drug went ("refractory to", "progressed on", "intolerant of") or
# when ("current", "active", "most recent", "last") narrows the exposure to some of the
# patients who received it. "No prior anti-PD-1 therapy" for "Refractory to anti-PD-1 therapy"
# excludes every one who had it, a wrong exclusion; "Prior platinum" for "progressed on
# platinum" is only a necessary condition of the inclusion.
_QUALIFIED_EXPOSURE = re.compile(
    r"\b(?:progress(?:ed|ion|ing)|refractory|resistan(?:t|ce)|fail(?:ed|ure|ing)|"
    r"relaps(?:ed|e)|intoleran(?:t|ce)|current(?:ly)?|active(?:ly)?|ongoing|last|"
    r"most\s+recent|recent(?:ly)?)\b",
    _I,
)
_QUALIFIED_DRUG = re.compile(
    r"^[\s-]*(?:resistan|refractory|sensitiv|free|ineligible|eligible|deruxtecan|emtansine|"
    r"duocarmazine|biosimilar|govitecan)",
    _I,
)


_Hit = tuple[int, int, DrugClass | None, str | None]  # (start, end, class, agent)


def read_prior_therapy(reading: Reading) -> None:
    text = reading.text
    setting, text, setting_span = _setting(text)
    hits = _hits(text)
    if hits is None:
        reading.unsure.add("prior_therapy")
        return
    if not hits:
        return
    received = _received(reading, text, min(start for start, _, _, _ in hits))
    if received is None:
        return
    targets: list[tuple[DrugClass | None, str | None]] = []
    for _, _, drug_class, agent in sorted(hits):
        if (drug_class, agent) not in targets:
            targets.append((drug_class, agent))
    has_or = bool(re.search(r"\bor\b|/|,", text))
    has_and = bool(re.search(r"\band\b|\+|\bplus\b|\bwith\b", text, _I))
    spans = [(start, end) for start, end, _, _ in hits] + setting_span
    if _combination_unclear(text, len(targets), received, has_or=has_or, has_and=has_and):
        reading.unsure.add("prior_therapy")
        return

    def one(cid: str, drug_class: DrugClass | None, agent: str | None) -> PriorTherapyCriterion:
        name = agent if agent is not None else _CLASS_LABELS.get(drug_class, str(drug_class))
        label = f"Prior {name} therapy" if received else f"No prior {name} therapy"
        return PriorTherapyCriterion(
            id=cid,
            label=label + _SETTING_LABELS.get(setting, ""),
            drug_class=drug_class,
            agent=agent,
            received=received,
            setting=setting,
            source_text=reading.text,
        )

    if received and len(targets) > 1 and has_or:

        def build_any(cid: str) -> Criterion:
            children = tuple(
                one(f"{cid}{chr(ord('a') + i)}", dc, ag) for i, (dc, ag) in enumerate(targets)
            )
            return AnyOfCriterion(
                id=cid,
                label=" or ".join(child.label for child in children),
                criteria=children,
                source_text=reading.text,
            )

        reading.add("prior_therapy", build_any, *spans)
        return
    for drug_class, agent in targets:
        reading.add(
            "prior_therapy", functools.partial(_one_therapy, one, drug_class, agent), *spans
        )


_SETTING_LABELS: dict[LineScope | None, str] = {
    "recurrent_metastatic": " for recurrent/metastatic disease",
    "advanced": " for advanced disease",
}


def _received(reading: Reading, text: str, first: int) -> bool | None:
    """Whether the item asks for the drugs received (inclusion) or not received (exclusion);
    None, with the item left for review, when the exposure is not a plain "ever received"."""
    if _not_plain_exposure(text, first):
        # A washout, a permission or a disease setting: not a plain "ever received".
        reading.unsure.add("prior_therapy")
        return None
    negated = negated_before(text, first, 80) or bool(re.search(r"na[iï]ve", text, _I))
    if reading.excludes and negated:
        reading.unsure.add("prior_therapy")  # "patients who have not received ..."
        return None
    received = not (reading.excludes or negated)
    if _QUALIFIED_EXPOSURE.search(text):
        reading.unsure.add("prior_therapy")  # CT-PRIOR-QUALIFIER
        if not received:
            return None
    return received


def _setting(text: str) -> tuple[LineScope | None, str, list[tuple[int, int]]]:
    """The one setting phrase of the item ("in the metastatic setting", "for advanced
    disease"), and the text without it (blanked, so positions stay), for the other tests; none
    when there is none or several."""
    found = settings(text)
    if len(found) != 1:
        return None, text, []
    phrase = found[0]
    blank = " " * (phrase.end - phrase.start)
    blanked = text[: phrase.start] + blank + text[phrase.end :]
    return phrase.scope, blanked, [(phrase.start, phrase.end)]


def _hits(text: str) -> list[_Hit] | None:
    """Every drug term in `text`, longest first without overlaps; None when a drug is qualified
    ("platinum-based chemotherapy for early disease ...") in a way not read."""
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []
    for term in drug_terms():
        for match in term.pattern.finditer(text):
            start, end = match.span()
            overlaps = any(start < e and s < end for s, e in taken)
            is_pair_second = term.drug_class is DrugClass.ANTI_PDL1 and (start, end) in taken
            if overlaps and not is_pair_second:
                continue
            if _QUALIFIED_DRUG.match(text[end:]):
                return None
            taken.append((start, end))
            hits.append((start, end, term.drug_class, term.agent))
    return hits


def _not_plain_exposure(text: str, first: int) -> bool:
    near = text[max(0, first - 80) : first + 40]
    return bool(
        not _EXPOSURE.search(near)
        or _WASHOUT.search(text)
        or HEDGES.search(text)
        or re.search(
            r"\bsetting\b|\bfor (?:the )?(?:treatment of )?(?:metastatic|advanced|recurrent|"
            r"locally advanced|early)",
            text,
            _I,
        )
    )


def _combination_unclear(
    text: str, targets: int, received: bool, *, has_or: bool, has_and: bool
) -> bool:
    """How several drugs combine ("A or B", "A and B") must be one the models can say."""
    if received and targets == 1 and re.search(r"\bor\b|\beither\b", text, _I):
        return True  # an alternative we may not have recognised
    if targets > 1 and not (has_or or has_and):
        return True
    if targets > 1 and not received and has_and and not has_or:
        return True  # "not both" cannot be said with these models
    return targets > 1 and received and has_or and has_and


def _one_therapy(
    one: Callable[[str, DrugClass | None, str | None], PriorTherapyCriterion],
    drug_class: DrugClass | None,
    agent: str | None,
    cid: str,
) -> Criterion:
    return one(cid, drug_class, agent)


_CLASS_LABELS: dict[DrugClass | None, str] = {
    DrugClass.PLATINUM: "platinum-based",
    DrugClass.ANTI_PD1: "anti-PD-1",
    DrugClass.ANTI_PDL1: "anti-PD-L1",
    DrugClass.ANTI_CTLA4: "anti-CTLA-4",
    DrugClass.IMMUNE_CHECKPOINT_INHIBITOR: "immune checkpoint inhibitor",
    DrugClass.TAXANE: "taxane",
    DrugClass.ANTHRACYCLINE: "anthracycline",
    DrugClass.CDK46_INHIBITOR: "CDK4/6 inhibitor",
    DrugClass.PARP_INHIBITOR: "PARP inhibitor",
    DrugClass.EGFR_TKI: "EGFR TKI",
    DrugClass.ANTI_HER2: "anti-HER2",
    DrugClass.ANTI_VEGF: "anti-VEGF",
}
