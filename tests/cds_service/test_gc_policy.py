"""The collector's thresholds: raised for long-running processes, never lowered."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from cds_service.gc_policy import GC_THRESHOLDS, tune_gc


@pytest.fixture
def thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("thresholds")
def test_the_defaults_are_raised() -> None:
    gc.set_threshold(700, 10, 10)
    tune_gc()
    assert gc.get_threshold() == GC_THRESHOLDS


@pytest.mark.usefixtures("thresholds")
def test_a_higher_setting_is_kept() -> None:
    gc.set_threshold(GC_THRESHOLDS[0] * 2, 5, 5)
    tune_gc()
    assert gc.get_threshold() == (GC_THRESHOLDS[0] * 2, 5, 5)
