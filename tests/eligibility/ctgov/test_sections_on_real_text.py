"""On all 99 real registry texts: an item under an exclusion heading is an exclusion item and
yields only exclusion-section criteria (read the other way, its meaning would reverse).

The expected section of each line is found here by a deliberately different, line-based test of
the heading's words (not the splitter's rules), so that the splitter is checked, not restated.
"""

from __future__ import annotations

import re
from pathlib import Path

from eligibility.criteria import walk
from eligibility.ctgov import extract, split_eligibility
from tests.support.registry_texts import registry_texts

_BULLET = re.compile(r"^\s*(?:\\?[*\-•]|\d+\\?[.)])\s+")


def _heading(line: str) -> str | None:
    """ "inclusion" / "exclusion" for a heading line, by its words alone."""
    bulleted = _BULLET.match(line) is not None
    words = _BULLET.sub("", line).strip().strip("*").strip().lower()
    if not words or (bulleted and not words.endswith(":")):
        return None
    inclusion = "inclusion" in words.replace("non-inclusion", "")
    exclusion = "exclusion" in words or "non-inclusion" in words
    if "following" in words and ("not be eligible" in words or "are excluded" in words):
        if bulleted:
            return None  # a lead-in: "* Participants with the following ... are excluded:"
        exclusion = True
    if inclusion == exclusion:
        return None
    if words.endswith(":") or ("criteria" in words and not words.endswith(".")):
        return "exclusion" if exclusion else "inclusion"
    if "following" in words:
        return "exclusion" if exclusion else "inclusion"
    return None


def _sections_by_line(text: str) -> list[tuple[str, str]]:
    """(line, the section its heading puts it in)."""
    section = "inclusion"
    lines: list[tuple[str, str]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        heading = _heading(line)
        if heading is not None:
            section = heading  # a heading that states a requirement is an item of its section
        lines.append((line, section))
    return lines


def test_every_item_under_an_exclusion_heading_stays_an_exclusion(
    shared_reference: Path,
) -> None:
    texts = registry_texts(shared_reference)
    assert len(texts) == 99
    checked = 0
    wrong: list[str] = []
    for nct_id, text in sorted(texts.items()):
        lines = _sections_by_line(text)
        for item in split_eligibility(text):
            start = item.text[:40]
            expected = {section for line, section in lines if start in line}
            assert expected, (nct_id, item.text)
            if item.section not in expected:
                wrong.append(f"{nct_id}: {item.section} item under {expected}: {item.text[:80]}")
            checked += 1
        result = extract({"eligibilityCriteria": text}, include_api_fields=False)
        for outcome in result.items:
            if outcome.item.section != "exclusion":
                continue
            for criterion in outcome.criteria:
                for nested in walk(criterion):
                    if nested.section not in (None, "exclusion"):
                        wrong.append(f"{nct_id}: {nested.section} criterion {nested.label}")
    assert checked > 2000
    assert not wrong, "\n".join(wrong)
