"""EXP-UNLISTED: a drug the tables do not list, named like an anticancer drug, may be one.

The drug tables (`drugs.csv`) list the agents OncoMatch knows; new ones are approved every
year. A record naming a drug none of them lists was dropped as irrelevant, so a first line of
chemotherapy with an unlisted PD-1 antibody read as "no anti-PD-1": a wrong exclusion. A name
ending in an antineoplastic INN stem (-mab, -tinib, -platin ...), or a Chinese generic name
ending the same way (单抗, 替尼 ...), is read as an unknown drug instead (as EXP-UNRESOLVED):
"received X" is unknown where it was given. So is a sponsor's development code (JS001,
SHR-1210, BGB-A317), the only name a study drug has in many study pharmacies' records. Some
anticancer drugs are known by name but placed in no class (`unclassed_drugs.csv`: bispecifics,
whose class is the study team's call); they are unknown drugs too, whatever name a record uses
("开坦尼", a brand with no stem), and the reason says what they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fhir_mapping.terminology import (
    LATIN_WORD_CHARACTER,
    antineoplastic_stems,
    unclassed_drug_table,
)

# Two to six capitals, a hyphen or none, three to seven digits (after at most one capital, as in
# BGB-A317; before at most one, as in MPDL3280A). Capitals only: "Vitamin B12" and doses such
# as "NS100ml" (a unit runs on) are not codes, and neither is "PD-1" or "COVID-19".
_DEVELOPMENT_CODE = re.compile(
    rf"(?<!{LATIN_WORD_CHARACTER})[A-Z]{{2,6}}-?[A-Z]?[0-9]{{3,7}}[A-Z]?(?!{LATIN_WORD_CHARACTER})"
)


# EXP-CLASS-NAMED: a record naming only a kind of cancer therapy ("免疫治疗", "chemotherapy
# x6") gave some drug of that kind.
_THERAPY_KIND = re.compile(
    r"免疫治疗|靶向治疗|化疗|抗肿瘤"
    r"|(?<![A-Za-z])(?:immunotherapy|chemotherapy|targeted therapy|antineoplastic)(?![A-Za-z])",
    re.IGNORECASE,
)


def unclassed_agent(texts: Iterable[str]) -> str | None:
    """The unclassed agent (`unclassed_drugs.csv`) the first text naming one names, or None:
    whether it counts is the study team's call, so a card asks them rather than the chart."""
    table, _ = unclassed_drug_table()
    return next((agents[0] for text in texts if (agents := table.agents_in(text))), None)


def unlisted_anticancer_name(texts: Iterable[str]) -> str | None:
    """What an unlisted drug that may be anticancer is called — the first of a record's drug
    texts naming an unclassed agent, then one named like an anticancer drug, then like a
    development code, then by a kind of cancer therapy alone — or None."""
    texts = tuple(texts)
    table, what = unclassed_drug_table()
    for text in texts:
        agents = table.agents_in(text)
        if agents:
            agent = agents[0]
            call = "whether it counts is the study team's call"
            return f"{text[:80]} ({agent}, {what[agent]}: {call})"
    pattern = antineoplastic_stems()
    named = next((text for text in texts if pattern.search(text)), None)
    if named is not None:
        return f"{named[:80]} (a drug OncoMatch does not list)"
    coded = next((text for text in texts if _DEVELOPMENT_CODE.search(text)), None)
    if coded is not None:
        return f"{coded[:80]} (a study drug's code OncoMatch does not list)"
    kind = next((text for text in texts if _THERAPY_KIND.search(text)), None)
    if kind is not None:
        return f"{kind[:80]} (the drug not named)"
    return None
