"""Pathology reports that confirm a suspected cancer (DX-WORDS): a problem list is rarely brought
up to date once the biopsy comes back, so "鼻咽癌待排（病理待回报）" may stay as first entered
beside the report that settles it.

A pathology report is one whose category is surgical pathology or cytopathology (HL7 v2 table
0074 SP, CP) or whose code or category words say pathology, biopsy, histology or cytology. Its
conclusion confirms the cancers a sentence of it names, less the words that deny or rule them out
("未见癌"), in a sentence that does not hedge (DX-WORDS' suspected words, 考虑, 倾向, "favour",
"suggestive of") and is not the requisition's clinical details ("临床诊断：…", "Clinical
history: …"). LOINC report codes are not read: the words are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from eligibility.facts import UNCONFIRMED_VERIFICATION, CancerDiagnosis
from eligibility.taxonomy import default_taxonomy
from fhir_mapping.diagnosis_words import UNCONFIRMED, WORKING_DIAGNOSIS, denied_phrases
from fhir_mapping.elements import coded, coded_all, get, items
from fhir_mapping.reports import findings
from fhir_mapping.terminology import CodedText, cancer_concepts
from fhir_mapping.text_patterns import text_pattern

if TYPE_CHECKING:  # parsing reads selection, which reads `is_pathology`
    from fhir_mapping.diagnoses import DiagnosisReading
    from fhir_mapping.parsing import Parsed

_SECTIONS = "http://terminology.hl7.org/CodeSystem/v2-0074"
_PATHOLOGY_SECTIONS = frozenset({"SP", "CP"})  # surgical pathology, cytopathology
_PATHOLOGY_WORDS = text_pattern(
    r"病理|活检|活体组织|细胞学|\bpatholog|\bbiops|\bhistolog|\bcytolog"
)
# A pathologist's hedge: favoured, suggested, not diagnosed.
_HEDGED = text_pattern(r"倾向|\bfavou?r|\bsuggest")
_SENTENCE = re.compile(r"[。；;\n]|\.(?!\d)")
# The requisition's clinical details, which many reports print above the pathologist's
# diagnosis: the clinician's working diagnosis ("临床诊断：鼻咽癌", "Clinical history: NPC"), not
# what the tissue showed.
_CLINICIAN_SAYS = text_pattern(
    r"^\s*(?:临床(?:诊断|资料|病史|信息|印象|表现)|病史|送检(?:目的|原因)"
    r"|clinical\s+(?:history|diagnosis|information|details|indication|impression|notes?)"
    r"|indications?|history|reason\s+for\s+\w+)\s*[:：]"
)
CONFIRMED = "confirmed"


def is_pathology(source: Any) -> bool:
    """Whether a DiagnosticReport (a validated model or the received JSON) is a pathology
    report, by its category's code or its code's or category's words."""
    categories = coded_all(items(source, "category"))
    if any(c.system == _SECTIONS and c.code in _PATHOLOGY_SECTIONS for c in categories.codings):
        return True
    texts = (*coded(get(source, "code")).texts(), *categories.texts())
    return any(_PATHOLOGY_WORDS.search(t) for t in texts)


def _confirmed_nodes(texts: Sequence[str]) -> list[str]:
    taxonomy = default_taxonomy()
    nodes: list[str] = []
    for text in texts:
        for sentence in _SENTENCE.split(text):
            if not sentence.strip() or any(
                words.search(sentence)
                for words in (UNCONFIRMED, WORKING_DIAGNOSIS, _HEDGED, _CLINICIAN_SAYS)
            ):
                continue
            affirmed, _ = denied_phrases(sentence)
            nodes += [c for c in cancer_concepts(CodedText((), affirmed)) if c in taxonomy]
    return nodes


def confirmed_by_pathology(
    reading: DiagnosisReading, reports: Sequence[Parsed], as_of: date
) -> DiagnosisReading:
    """DX-WORDS: each suspected cancer (unconfirmed, provisional, differential) a pathology
    report of its day or later names — the same cancer or a kind of it — is confirmed, the
    report added to its evidence."""
    if not any(d.verification_status in UNCONFIRMED_VERIFICATION for d in reading.diagnoses):
        return reading
    confirming: list[tuple[date, str, list[str]]] = []
    for report in reports:
        if not is_pathology(report.model):
            continue
        found = findings(report, as_of)
        if found is None or found.when is None:
            continue
        confirming.append((found.when, report.reference, _confirmed_nodes(found.texts)))
    if not confirming:
        return reading
    diagnoses = tuple(_confirmed(d, confirming) for d in reading.diagnoses)
    return replace(reading, diagnoses=diagnoses)


def _confirmed(
    diagnosis: CancerDiagnosis, confirming: Sequence[tuple[date, str, list[str]]]
) -> CancerDiagnosis:
    node = diagnosis.cancer_type
    suspected = diagnosis.diagnosed
    if diagnosis.verification_status not in UNCONFIRMED_VERIFICATION or node is None:
        return diagnosis
    taxonomy = default_taxonomy()
    since = [
        (when, ref, nodes)
        for when, ref, nodes in confirming
        if suspected is None or when >= suspected
    ]
    references = [ref for _, ref, nodes in since if any(taxonomy.is_a(n, node) for n in nodes)]
    if not references:
        # One biopsy that did not find it does not rule it out: still suspected, the latest
        # such report named in what to record.
        latest = max(((when, ref) for when, ref, _ in since if suspected is not None), default=None)
        if latest is None:
            return diagnosis
        return diagnosis.model_copy(update={"pathology_not_confirming": latest})
    return diagnosis.model_copy(
        update={
            "verification_status": CONFIRMED,
            "evidence": (*diagnosis.evidence, *references),
        }
    )
