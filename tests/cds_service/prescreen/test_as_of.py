"""A run `--as-of` a day puts a patient on the worklists their chart gave on that day (GEN-AS-OF):
a Condition that had not begun by then does not exclude, one that had not yet resolved does.

Both patients are the eligible reference chart (`npc_eligible`) with atrial fibrillation
(grade 2, which NCT07188584 excludes) added, dated three days after the bundles' day: one first
diagnosed then, one resolved then (after ablation, since 2017). The same export is run on that
day and five days later.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cds_service.prescreen.engines import LocalEngine
from cds_service.prescreen.errors import AsOfError
from cds_service.prescreen.run import run_prescreen
from cds_service.settings import Settings
from tests.cds_service.prescreen.bulk_export import BUNDLES, write_export
from tests.cds_service.prescreen.conftest import FIXED_NOW, fixed_clock
from tools.charts.codes import CONDITION_CLINICAL, CONFIRMED, ICD10CM, concept

SEED = "NCT07188584"
DAY = FIXED_NOW.date()
CHANGE = DAY + timedelta(days=3)
DIAGNOSED_LATER, RESOLVED_LATER = "af-diagnosed-later", "af-resolved-later"


def _with_af(patient_id: str, **condition: Any) -> dict[str, Any]:
    text = (BUNDLES / "npc_eligible.json").read_text("utf-8")
    bundle: dict[str, Any] = json.loads(text.replace("npc-eligible", patient_id))
    af = {
        "resourceType": "Condition",
        "id": f"{patient_id}-af",
        "verificationStatus": CONFIRMED,
        "code": concept(
            "Paroxysmal atrial fibrillation, CTCAE grade 2",
            (ICD10CM, "I48.0", "Paroxysmal atrial fibrillation"),
        ),
        "subject": {"reference": f"Patient/{patient_id}"},
        **condition,
    }
    bundle["entry"].append({"resource": af})
    return bundle


def _status(code: str) -> dict[str, Any]:
    return concept(None, (CONDITION_CLINICAL, code))


def _on_seed_worklist(out_dir: Path) -> dict[str, str]:
    with (out_dir / f"worklist-{SEED}.csv").open(newline="", encoding="utf-8") as handle:
        return {row["patient_id"]: row["verdict"] for row in csv.DictReader(handle)}


def test_a_run_as_of_a_day_reads_conditions_as_they_stood_that_day(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    export = write_export(
        tmp_path / "export",
        [
            _with_af(
                DIAGNOSED_LATER,
                clinicalStatus=_status("active"),
                onsetDateTime=CHANGE.isoformat(),
                recordedDate=CHANGE.isoformat(),
            ),
            _with_af(
                RESOLVED_LATER,
                clinicalStatus=_status("resolved"),
                onsetDateTime="2017-05-02",
                recordedDate="2017-05-02",
                abatementDateTime=CHANGE.isoformat(),
            ),
        ],
    )
    settings = make_settings()

    def worklist(as_of: date) -> dict[str, str]:
        out = tmp_path / f"out-{as_of.isoformat()}"
        run_prescreen(
            export,
            out,
            settings=settings,
            clock=lambda: datetime.combine(as_of, FIXED_NOW.timetz()),  # run on that day
            engine=LocalEngine(1),
            trials=[SEED],
            as_of=as_of,
        )
        return _on_seed_worklist(out)

    # On the day: no arrhythmia yet for one; the other's was still current (not eligible).
    assert worklist(DAY) == {DIAGNOSED_LATER: "eligible"}
    # Five days on the roles swap; the resolved one's other data are still in their windows.
    assert worklist(DAY + timedelta(days=5)) == {RESOLVED_LATER: "eligible"}
    # Asked on the day itself to read five days ahead: refused, not guessed.
    with pytest.raises(AsOfError, match=r"--as-of 2026-11-30 is after today \(2026-11-25 in UTC\)"):
        run_prescreen(
            export,
            tmp_path / "out-ahead",
            settings=settings,
            clock=fixed_clock,
            engine=LocalEngine(1),
            trials=[SEED],
            as_of=DAY + timedelta(days=5),
        )
    assert not (tmp_path / "out-ahead").exists()


def test_a_run_without_as_of_reads_on_the_hospitals_date(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    """GEN-AS-OF: the nightly run started at 01:00 in Shanghai (17:00 UTC the day before) reads
    the charts as of Shanghai's date."""
    export = write_export(tmp_path / "export", [_with_af(DIAGNOSED_LATER)])
    one_in_the_morning = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    summary = run_prescreen(
        export,
        tmp_path / "out",
        settings=make_settings(time_zone="Asia/Shanghai"),
        clock=lambda: one_in_the_morning,
        engine=LocalEngine(1),
        trials=[SEED],
    )
    assert summary.as_of == date(2026, 11, 25)


def test_as_of_may_be_the_hospitals_today_but_not_a_day_after_it(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    """At 01:00 in Shanghai the 25th has come there, though UTC's date is still the 24th: a run
    as of the 25th reads the charts on a day that has come; the 26th has not."""
    export = write_export(tmp_path / "export", [_with_af(DIAGNOSED_LATER)])
    one_in_the_morning = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    settings = make_settings(time_zone="Asia/Shanghai")

    def run(as_of: date, out: str) -> date:
        return run_prescreen(
            export,
            tmp_path / out,
            settings=settings,
            clock=lambda: one_in_the_morning,
            engine=LocalEngine(1),
            trials=[SEED],
            as_of=as_of,
        ).as_of

    assert run(date(2026, 11, 25), "today") == date(2026, 11, 25)
    with pytest.raises(AsOfError, match=r"after today \(2026-11-25 in Asia/Shanghai\)"):
        run(date(2026, 11, 26), "tomorrow")
