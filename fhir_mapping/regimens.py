"""EXP-REGIMEN: chemotherapy regimens named by their acronym (`data/regimens.csv`).

Hospitals record a regimen by its acronym as often as by its drugs: an outside first line
summarised as "GP方案 + 特瑞普利单抗 ×6", an induction as "TPF". Read by its drug names alone,
"GP + toripalimab" was a line of toripalimab without platinum: a wrong exclusion. An acronym
gives its drugs: by agent where every source agrees (PF: cisplatin and fluorouracil), by class
where usage varies (the platinum of GP, the taxane of TP) — an agent the record leaves open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from eligibility.vocabulary import DrugClass
from fhir_mapping.errors import TerminologyTableError
from fhir_mapping.terminology import LATIN_WORD_CHARACTER, _read_rows, drug_table

# Words that say a text is about chemotherapy, so that a capital pair in it is a regimen's
# acronym: "Lidocaine PF 1%" is preservative-free, "PF方案" is cisplatin and fluorouracil.
_CHEMOTHERAPY_WORDS = re.compile(
    r"方案|化疗|周期|疗程|诱导"
    rf"|(?<!{LATIN_WORD_CHARACTER})(?:regimens?|chemo(?:therapy)?|cycles?|induction)"
    rf"(?!{LATIN_WORD_CHARACTER})",
    re.IGNORECASE,
)


# What a drug text may say beside an acronym that is its whole name: cycles and where it was
# given ("GP ×6 (外院)"). Left with nothing else, the text names the regimen.
_ONLY_COUNTS_AND_PLACE = re.compile(
    r"[x×*]\s*\d+|\d+|外院|院外|(?<![A-Za-z])(?:outside|hospital|elsewhere)(?![A-Za-z])"
    r"|[\s()（）+,，;；:：/-]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class OpenAgent:
    """A drug given without its agent: by a regimen's acronym ("platinum of GP", any listed
    platinum; "carboplatin or cyclophosphamide of TC"), a class name ("anti-PD-1") or a group
    code (EXP-CLASS-NAMED). `classes` are proven; `may_be` the agents it may be."""

    label: str
    classes: frozenset[DrugClass]
    may_be: tuple[str, ...]
    # The classes it may have besides `classes` (those of some agents it may be): "PD-1 or
    # PD-L1 inhibitor" may be anti-PD-1.
    may_be_classes: frozenset[DrugClass] = frozenset()

    @classmethod
    def among(
        cls, label: str, classes: frozenset[DrugClass], members: tuple[str, ...]
    ) -> OpenAgent:
        """The drug open among `members` (listed agents)."""
        drugs = drug_table().drugs
        possible = {DrugClass(c) for agent in members for c in drugs[agent].classes}
        return cls(label, classes, members, frozenset(possible - classes))


def listed_agents(
    *, any_of: Iterable[DrugClass] = (), all_of: Iterable[DrugClass] = ()
) -> tuple[str, ...]:
    """The listed anticancer agents holding any of `any_of` and all of `all_of`: those a drug
    given without its agent may be."""
    wanted, required = frozenset(any_of), frozenset(all_of)
    found = []
    for agent, drug in drug_table().drugs.items():
        held = frozenset(DrugClass(c) for c in drug.classes)
        if drug.antineoplastic and (not wanted or held & wanted) and required <= held:
            found.append(agent)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Regimen:
    name: str
    agents: tuple[str, ...]  # drugs.csv agents the acronym fixes
    open_agents: tuple[OpenAgent, ...]


class RegimenTable:
    def __init__(self, regimens: tuple[Regimen, ...]) -> None:
        self._by_name = {regimen.name: regimen for regimen in regimens}
        names = "|".join(sorted(map(re.escape, self._by_name), key=len, reverse=True))
        # Capitals as written: "ac" or "Ac" in a text is not the acronym. A hyphen may join it
        # to a word ("TPF-kuur", "R-CHOP", "EC-T"): a hyphen is no letter of it.
        self._pattern = re.compile(r"(?<![A-Za-z0-9_])(" + names + r")(?![A-Za-z0-9_])")

    def named_in(self, text: str, *, chemotherapy: bool = False) -> tuple[Regimen, ...]:
        """The regimens a text names by acronym, when the text is about chemotherapy: it says
        so, names an anticancer drug beside the acronym ("GP + toripalimab"), is the acronym
        alone ("GP ×6 (外院)"), or belongs to a record of chemotherapy (`chemotherapy`: a
        chemotherapy Procedure's note)."""
        found = self._pattern.findall(text)
        if not found:
            return ()
        if not (chemotherapy or _about_chemotherapy(text) or self._alone(text)):
            return ()
        return tuple(self._by_name[name] for name in dict.fromkeys(found))

    def _alone(self, text: str) -> bool:
        """Whether the acronym is the drug's whole name, but for counts and where it was
        given: "GP ×6 (外院)"; "Lidocaine PF" names lidocaine."""
        return not _ONLY_COUNTS_AND_PLACE.sub("", self._pattern.sub("", text))


def _about_chemotherapy(text: str) -> bool:
    """The text says chemotherapy, or names an anticancer drug beside the acronym."""
    if _CHEMOTHERAPY_WORDS.search(text):
        return True
    table = drug_table()
    return any(table.drugs[agent].antineoplastic for agent in table.agents_in(text))


@cache
def regimen_table() -> RegimenTable:
    filename = "regimens.csv"
    drugs = drug_table().drugs
    regimens = []
    for number, row in enumerate(_read_rows(filename, ("regimen", "parts", "source")), 2):
        name = row["regimen"]
        if not (name.isascii() and name.isalnum() and name.isupper()) or not row["source"]:
            raise TerminologyTableError(filename, number, "an acronym in capitals, with a source")
        agents: list[str] = []
        open_agents: list[OpenAgent] = []
        for part in row["parts"].split(";"):
            if part.startswith(("class:", "either:")):
                open_agents.append(_open_part(name, part, filename, number))
            elif part in drugs:
                agents.append(part)
            else:
                raise TerminologyTableError(filename, number, f"{part!r} is not in drugs.csv")
        regimens.append(Regimen(name, tuple(agents), tuple(open_agents)))
    return RegimenTable(tuple(regimens))


def _open_part(regimen: str, part: str, filename: str, number: int) -> OpenAgent:
    """`class:taxane+chemotherapy`: any listed agent of the class; `either:a|b`: one of the
    listed agents, proving only the classes they share (TC's carboplatin or cyclophosphamide)."""
    drugs = drug_table().drugs
    kind, _, spec = part.partition(":")
    if kind == "either":
        members = tuple(spec.split("|"))
        if len(members) < 2 or any(m not in drugs for m in members):
            raise TerminologyTableError(filename, number, "either: two or more listed agents")
        shared = set.intersection(*({DrugClass(c) for c in drugs[m].classes} for m in members))
        return OpenAgent.among(f"{' or '.join(members)} of {regimen}", frozenset(shared), members)
    try:
        classes = frozenset(DrugClass(c) for c in spec.split("+"))
    except ValueError as error:
        raise TerminologyTableError(filename, number, "an unknown drug class") from error
    named = next(iter(sorted(classes - {DrugClass.CHEMOTHERAPY})), None)
    members = () if named is None else listed_agents(any_of=(named,))
    if not members:
        raise TerminologyTableError(filename, number, "a class part names no listed drug")
    return OpenAgent.among(f"{named} of {regimen}", classes, members)
