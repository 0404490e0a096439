"""A curator's draft of a trial's criteria, carried in the page's own form between edits.

The draft travels as a hidden field of the curation page (JSON), not in a server-side store:
every edit posts the whole draft back, so a validation error re-renders exactly what was there
(nothing lost), two tabs on two trials never mix, no draft table needs a schema migration and no
abandoned draft lingers. It is never trusted: every post validates it again with the catalog's
own models (taxonomy included) before anything is done with it, and publishing validates the
trial once more (`CurationStore.publish`). `base_version` is the curated version the draft
started from, so publishing over someone else's newer version is refused rather than silently
overwriting it; `registry_hash` is the registry text the curator was shown.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cds_service.http.errors import BadRequestError, Problem
from eligibility.criteria import Criterion, FreeTextCriterion, walk
from eligibility.taxonomy import CancerTaxonomy
from eligibility.trial import Trial


class DraftError(BadRequestError):
    """The draft a form carried is not one this page wrote (edited by hand, or truncated)."""


class DraftEditError(BadRequestError):
    """An edit that cannot apply to the draft as it stands; `field` is where to show why."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, [Problem(message, field)])
        self.field = field


class Draft(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    nct_id: str
    base_version: int | None = None
    registry_hash: str | None = None
    criteria: tuple[Criterion, ...]
    accepted: tuple[str, ...] = Field(default=())  # criterion ids a curator confirmed

    @classmethod
    def of(cls, trial: Trial, *, base_version: int | None, registry_hash: str | None) -> Draft:
        return cls(
            nct_id=trial.nct_id,
            base_version=base_version,
            registry_hash=registry_hash,
            criteria=trial.criteria,
        )

    # --- the hidden field ------------------------------------------------------------------------

    def encode(self) -> str:
        return self.model_dump_json()

    @classmethod
    def decode(cls, text: str, *, nct_id: str, taxonomy: CancerTaxonomy) -> Draft:
        """The draft a form posted, validated as the catalog validates criteria."""
        try:
            draft = cls.model_validate_json(text, context={"taxonomy": taxonomy})
        except ValidationError as error:
            first = error.errors(include_url=False, include_input=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "draft"
            raise DraftError(
                f"the draft sent with the form is not valid ({where}: {first['msg']}); "
                "open the trial's curation page again"
            ) from None
        if draft.nct_id != nct_id:
            raise DraftError(f"the draft sent with the form is for {draft.nct_id}, not {nct_id}")
        return draft

    # --- the trial it makes ----------------------------------------------------------------------

    def trial(self, current: Trial) -> Trial:
        """`current` with the draft's criteria; the trial checks that ids are unique."""
        document: dict[str, Any] = current.model_dump(mode="json")
        document["criteria"] = [c.model_dump(mode="json") for c in self.criteria]
        return Trial.model_validate(document)

    def ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def find(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise DraftEditError(f"the draft has no criterion {criterion_id!r}")

    # --- edits -----------------------------------------------------------------------------------

    def _with(self, criteria: tuple[Criterion, ...], accepted: tuple[str, ...]) -> Draft:
        return self.model_copy(update={"criteria": criteria, "accepted": accepted})

    def saved(self, criterion: Criterion, *, replacing: str | None) -> Draft:
        """The draft with `criterion` in place of `replacing` (same position), or added at the
        end. An edited criterion is no longer accepted: what was confirmed has changed."""
        others = {i for c in self.criteria if c.id != replacing for i in _ids_in(c)}
        if criterion.id in others:
            raise DraftEditError(
                f"criterion id {criterion.id!r} is already used in this trial", field="id"
            )
        clash = sorted(_ids_in(criterion) & others)
        if clash:
            raise DraftEditError(
                f"nested criterion id {clash[0]!r} is already used in this trial", field="json"
            )
        if replacing is None:
            return self._with((*self.criteria, criterion), self.accepted)
        self.find(replacing)
        criteria = tuple(criterion if c.id == replacing else c for c in self.criteria)
        accepted = tuple(i for i in self.accepted if i not in (replacing, criterion.id))
        return self._with(criteria, accepted)

    def removed(self, criterion_id: str) -> Draft:
        self.find(criterion_id)
        return self._with(
            tuple(c for c in self.criteria if c.id != criterion_id),
            tuple(i for i in self.accepted if i != criterion_id),
        )

    def accepting(self, criterion_id: str) -> Draft:
        self.find(criterion_id)
        if criterion_id in self.accepted:
            return self
        return self._with(self.criteria, (*self.accepted, criterion_id))

    def marked_encoded(self, criterion_id: str) -> Draft:
        """A manual-review item now encoded as structured criteria: its free text goes. Only
        when a structured criterion quoting the same item is in the draft, so that marking it
        never silently drops a requirement."""
        item = self._free_text(criterion_id)
        quoting = [
            c
            for c in self.criteria
            if not isinstance(c, FreeTextCriterion) and c.source_text == item.source_text
        ]
        if item.source_text is None or not quoting:
            raise DraftEditError(
                "add the structured criterion for this item first (quoting the item's text "
                "as its source text), then mark the item encoded"
            )
        return self.removed(criterion_id)

    def marked_not_checkable(self, criterion_id: str, value: bool = True) -> Draft:
        item = self._free_text(criterion_id)
        changed = item.model_copy(update={"not_checkable_from_chart": value})
        criteria = tuple(changed if c.id == criterion_id else c for c in self.criteria)
        return self._with(criteria, self.accepted)

    def _free_text(self, criterion_id: str) -> FreeTextCriterion:
        criterion = self.find(criterion_id)
        if not isinstance(criterion, FreeTextCriterion):
            raise DraftEditError(f"{criterion_id!r} is not an item left for manual review")
        return criterion

    def needs_person(self) -> tuple[FreeTextCriterion, ...]:
        """Manual-review items no curator has decided on yet."""
        return tuple(
            c
            for c in self.criteria
            if isinstance(c, FreeTextCriterion) and not c.not_checkable_from_chart
        )


def _ids_in(criterion: Criterion) -> set[str]:
    return {c.id for c in walk(criterion)}
