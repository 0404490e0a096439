"""EXP-UNLISTED: a drug the tables do not list, named like an anticancer drug, may be one.

The drug tables (`drugs.csv`) list the agents OncoMatch knows; new ones are approved every
year. A record naming a drug none of them lists was dropped as irrelevant, so a first line of
chemotherapy with an unlisted PD-1 antibody read as "no anti-PD-1": a wrong exclusion. A name
ending in an antineoplastic INN stem (-mab, -tinib, -platin ...), or a Chinese generic name
ending the same way (单抗, 替尼 ...), is read as an unknown drug instead (as EXP-UNRESOLVED):
"received X" is unknown where it was given.
"""

from __future__ import annotations

from collections.abc import Iterable

from fhir_mapping.terminology import antineoplastic_stems


def unlisted_anticancer_name(texts: Iterable[str]) -> str | None:
    """The first of a record's drug texts named like an anticancer drug, or None."""
    pattern = antineoplastic_stems()
    return next((text for text in texts if pattern.search(text)), None)
