"""Escaping data into Markdown: the str-method implementation reads like the regular expressions
it replaced (collapse every run of Unicode whitespace, then backslash each inline-special
character), on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cards.markdown_text import INLINE_SPECIAL, escape_inline, one_line

_WHITESPACE = re.compile(r"\s+")
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# Whitespace of every kind str and re know (Unicode separators, line and paragraph separators,
# the C0 and C1 controls that count as space), mixed into ordinary and special characters.
_SPACES = "".join(chr(c) for c in range(0x3100) if chr(c).isspace())
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(_SPACES),
        st.sampled_from(INLINE_SPECIAL),
        st.characters(codec="utf-8"),
    ),
    max_size=60,
)


def regex_one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


@settings(max_examples=2000)
@given(texts)
def test_one_line_and_escape_read_like_the_regular_expressions(text: str) -> None:
    assert one_line(text) == regex_one_line(text)
    assert escape_inline(text) == _SPECIAL.sub(r"\\\1", regex_one_line(text))


def test_the_special_characters_are_the_inline_ones() -> None:
    assert sorted(INLINE_SPECIAL) == sorted("\\`*_[]<>|~&")
    assert escape_inline(" a*b_c \n [x](y) <b> | ~ & \\ `") == (
        "a\\*b\\_c \\[x\\](y) \\<b\\> \\| \\~ \\& \\\\ \\`"
    )
