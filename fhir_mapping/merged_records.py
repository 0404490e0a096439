"""Records of one person that the hospital merged (PAT-MERGED-RECORD).

A hospital that finds two registrations of one person merges them: the retired record's Patient
says `link` replaced-by the survivor, and the survivor's may say `link` replaces the retired one.
The retired record's resources often keep its id as their subject (a server that does not move
them on a merge answers for both; a bulk export always holds both), and they are the survivor's
chart as much as its own: a first or second line given under the old registration is a line of
this patient's. So a chart is read as the survivor's records together.

Only replaced-by and replaces are merges. `seealso` and `refer` link records that both stay in
use (the same person in another system, or a record that points to the main one); they are not
followed (see docs/clinical-rules.md).

Links are resolved whole: a retired record is merged into the end of its chain of replacements
(A replaced-by B replaced-by C: A and B into C). A record whose links name two survivors, or
that a chain leads back to, is merged into none: which chart its data belong to is not known.
`survivors(present=...)` merges only into a record whose Patient is in the data: a merge into a
record the data do not hold leaves the retired one as it stands.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from fhir_mapping.elements import patient_named

# FHIR R4 link-type (http://hl7.org/fhir/link-type): the two codes that say a record was merged.
REPLACED_BY = "replaced-by"  # on the retired record, naming the survivor
REPLACES = "replaces"  # on the survivor, naming the retired record


def merge_links(patient: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The merges a Patient resource states, as (retired id, surviving id). A link that is not
    a Patient reference, or of another type, states none."""
    own = patient.get("id")
    links = patient.get("link")
    if not isinstance(own, str) or not isinstance(links, list):
        return []
    found: list[tuple[str, str]] = []
    for link in links:
        if not isinstance(link, dict):
            continue
        other = link.get("other")
        reference = other.get("reference") if isinstance(other, dict) else None
        other_id = patient_named(reference) if isinstance(reference, str) else None
        if other_id is None or other_id == own:
            continue
        kind = link.get("type")
        if kind == REPLACED_BY:
            found.append((own, other_id))
        elif kind == REPLACES:
            found.append((other_id, own))
    return found


class MergedRecords:
    """The merges stated by a set of Patient resources (`add`), or by their links alone
    (`add_links`, when the reader keeps no more than the links)."""

    __slots__ = ("_successors",)

    def __init__(self) -> None:
        self._successors: dict[str, set[str]] = {}

    def add(self, patient: Mapping[str, Any]) -> None:
        self.add_links(merge_links(patient))

    def add_links(self, links: Iterable[tuple[str, str]]) -> None:
        for retired, survivor in links:
            self._successors.setdefault(retired, set()).add(survivor)

    def survivors(self, present: Collection[str] | None = None) -> dict[str, str]:
        """Each retired record whose survivor is known -> that survivor: the last record of its
        chain of replacements, or with `present` the last one of them that is present. Records
        whose links disagree (two survivors, a cycle) are in `ambiguous`, not here."""
        found: dict[str, str] = {}
        for retired in self._successors:
            chain = self._chain(retired)
            if chain is None:
                continue
            if present is not None:
                chain = [record for record in chain if record in present]
            if chain:
                found[retired] = chain[-1]
        return found

    def ambiguous(self) -> set[str]:
        """Retired records whose links do not say which one record survives them."""
        return {retired for retired in self._successors if self._chain(retired) is None}

    def _chain(self, retired: str) -> list[str] | None:
        """The records that replaced `retired`, in order; None when the links disagree."""
        chain: list[str] = []
        current = retired
        while (successors := self._successors.get(current)) is not None:
            if len(successors) != 1:
                return None
            (current,) = successors
            if current == retired or current in chain:
                return None
            chain.append(current)
        return chain
