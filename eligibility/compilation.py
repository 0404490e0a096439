"""Criteria compiled once at catalog load, and decided at most once per patient.

A real catalog repeats the same criteria thousands of times ("ECOG 0–1", "ANC ≥ 1.5 × 10⁹/L",
"no active brain metastases"), differing only in id, label and quoted text. The `RuleBook` interns
each distinct criterion *content* as one `Rule`; an `Evaluation` (one per patient and match call)
remembers every rule it has decided. Matching 25,000 trials then costs one dictionary lookup per
criterion instead of one evaluation, and the checklist lines are only built for trials shown.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from eligibility.criteria import (
    AllOfCriterion,
    AnyOfCriterion,
    Criterion,
    CriterionBase,
    LineScope,
    NotCriterion,
    OtherMalignancyCriterion,
    PriorRadiotherapyCriterion,
    scope_to_trial,
)
from eligibility.facts import PatientFacts
from eligibility.results import CriterionResult
from eligibility.rules import (
    LEAF_RULES,
    Decision,
    LeafRule,
    all_of_decision,
    any_of_decision,
    not_decision,
)
from eligibility.taxonomy import CancerTaxonomy, default_taxonomy


class Evaluation:
    """One patient's facts and the decisions already made for them."""

    __slots__ = ("decided", "facts")

    def __init__(self, facts: PatientFacts) -> None:
        self.facts = facts
        self.decided: dict[Rule, Decision] = {}  # read directly by the matcher's hot loop

    def decide(self, rule: Rule) -> Decision:
        decision = self.decided.get(rule)
        if decision is None:
            decision = self.decide_new(rule)
        return decision

    def decide_new(self, rule: Rule) -> Decision:
        """`decide` for a rule not decided yet (the matcher's loop has just looked)."""
        # A leaf is called on the facts directly: ~440 rules per patient, and each Python
        # frame saved on the way is saved 440 times.
        leaf = rule.leaf
        decision = leaf(self.facts) if leaf is not None else rule.decide(self)
        self.decided[rule] = decision
        return decision


class Rule:
    """A distinct criterion content, ready to decide. Compared by identity (fast hashing):
    the `RuleBook` guarantees one Rule per content. A leaf is decided on the facts alone
    (`leaf`); a combinator through the evaluation, which decides its children (`combine`)."""

    __slots__ = ("_combine", "leaf")

    def __init__(
        self,
        combine: Callable[[Evaluation], Decision] | None = None,
        *,
        leaf: LeafRule | None = None,
    ) -> None:
        self._combine = combine
        self.leaf = leaf

    def decide(self, evaluation: Evaluation) -> Decision:
        if self.leaf is not None:
            return self.leaf(evaluation.facts)
        assert self._combine is not None, "a rule is a leaf or a combinator"
        return self._combine(evaluation)


@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    """A trial's criterion (its id, label, source text) paired with the shared rule."""

    criterion: Criterion
    rule: Rule

    def evaluate(self, evaluation: Evaluation) -> CriterionResult:
        return evaluation.decide(self.rule).result(self.criterion)


# Fields that say who a criterion is, not what it requires: excluded from the content key.
_IDENTITY = frozenset(CriterionBase.model_fields)
_COMBINATORS: tuple[type[Any], ...] = (AllOfCriterion, AnyOfCriterion, NotCriterion)
_TAKES_CANCERS = frozenset({OtherMalignancyCriterion, PriorRadiotherapyCriterion, *_COMBINATORS})


class RuleBook:
    """Interns criteria by content for one taxonomy. Catalogs derived from one another (select,
    merge) share their book, so a rule is compiled once for the catalog's lifetime."""

    def __init__(self, taxonomy: CancerTaxonomy | None = None) -> None:
        self.taxonomy = taxonomy or default_taxonomy()
        self._rules: dict[Hashable, Rule] = {}
        # Equal criteria of the catalog's trials, shared (see `compaction`), and the compiled
        # form of each criterion object, so a shared criterion is compiled once.
        self.shared_criteria: dict[Hashable, Criterion] = {}
        self._compiled: dict[int, CompiledCriterion] = {}
        # Each shared criterion in each trial setting, kept with the criterion (ids stay valid).
        self._scoped: dict[tuple[int, LineScope, tuple[str, ...]], tuple[Criterion, Criterion]] = {}
        # Per criterion class, a getter of the fields that make up its content.
        self._content: dict[type[CriterionBase], Callable[[Criterion], Any]] = {}

    def __len__(self) -> int:
        return len(self._rules)

    def compile(self, criterion: Criterion) -> CompiledCriterion:
        """Raises `UnknownTaxonomyNodeError` for a node the taxonomy lacks."""
        compiled = self._compiled.get(id(criterion))
        # The entry keeps its criterion alive, so its id cannot be reused while it is here.
        if compiled is not None and compiled.criterion is criterion:
            return compiled
        compiled = self._compiled[id(criterion)] = CompiledCriterion(
            criterion, self.rule(criterion)
        )
        return compiled

    def scoped(
        self, criterion: Criterion, setting: LineScope, cancers: tuple[str, ...] = ()
    ) -> Criterion:
        """`criterion` in its trial's setting where it does not say (`scope_to_trial`): one
        object per shared criterion and setting, so equal criteria compile once."""
        # Only other-malignancy and prior-radiotherapy criteria read the trial's cancers (or a
        # combinator that may hold one): keyed by them, the others would be cached once per
        # cancer of the catalog.
        key = (id(criterion), setting, cancers if type(criterion) in _TAKES_CANCERS else ())
        entry = self._scoped.get(key)
        if entry is not None and entry[0] is criterion:
            return entry[1]
        result = scope_to_trial(criterion, setting, cancers)
        self._scoped[key] = (criterion, result)
        return result

    def rule(self, criterion: Criterion) -> Rule:
        # Exact type checks: isinstance over pydantic models is slow at 300k criteria.
        if type(criterion) in _COMBINATORS:
            return self._combinator(criterion)  # type: ignore[arg-type]
        key = self._key(criterion)
        rule = self._rules.get(key)
        if rule is None:
            decide_leaf = LEAF_RULES[type(criterion)](criterion, self.taxonomy)
            rule = self._rules[key] = Rule(leaf=decide_leaf)
        return rule

    def _key(self, criterion: Criterion) -> Hashable:
        cls = type(criterion)
        content = self._content.get(cls)
        if content is None:
            names = [name for name in cls.model_fields if name not in _IDENTITY]
            content = self._content[cls] = attrgetter(*names)
        return (cls, content(criterion))

    def _combinator(self, criterion: AllOfCriterion | AnyOfCriterion | NotCriterion) -> Rule:
        children = (
            (criterion.criterion,) if isinstance(criterion, NotCriterion) else criterion.criteria
        )
        # Child labels are part of the content: the combined reason quotes them.
        labelled = tuple((child.label, self.rule(child)) for child in children)
        key = (type(criterion), labelled)
        rule = self._rules.get(key)
        if rule is not None:
            return rule
        if isinstance(criterion, NotCriterion):
            (only,) = labelled

            def decide(evaluation: Evaluation) -> Decision:
                return not_decision((only[0], evaluation.decide(only[1])))

        else:
            combine = all_of_decision if isinstance(criterion, AllOfCriterion) else any_of_decision

            def decide(evaluation: Evaluation) -> Decision:
                return combine([(label, evaluation.decide(rule)) for label, rule in labelled])

        rule = self._rules[key] = Rule(decide)
        return rule


def evaluate_criterion(
    criterion: Criterion, facts: PatientFacts, taxonomy: CancerTaxonomy | None = None
) -> CriterionResult:
    """One-off evaluation (tests, tools); catalogs compile through a shared `RuleBook`."""
    return RuleBook(taxonomy).compile(criterion).evaluate(Evaluation(facts))
