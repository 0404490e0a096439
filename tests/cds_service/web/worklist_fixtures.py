"""A saved pre-screening run for the worklist page tests: three patients on the seed trial's
worklist (one eligible, two with undecided criteria), and one on a trial the catalog no longer
holds. Saved through the real `WorklistStore`."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cds_service.prescreen.patient_job import TrialEntry, Unknown
from cds_service.prescreen.summary import RunSummary, TrialCount
from cds_service.prescreen.worklists import WorklistStore
from eligibility.results import Verdict

SEED_WORKLIST = "NCT07188584"
GONE = "NCT00000042"  # a worklist for a trial the catalog no longer holds
AS_OF = date(2026, 11, 1)
RUN_SAVED = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)

ECOG = Unknown("ecog", "ECOG 0–1", "Record the ECOG performance status (0–5).")
QTC = Unknown("qtc", "QTc ≤ 450 ms (males) / ≤ 470 ms (females)", "Record the QTc of an ECG.")
CONSENT = Unknown("c4", "Consent", None, manual_review=True)
PATIENTS = ("pt-eligible-1", "pt-possible-2", "pt-possible-3")
ENTRIES = (
    TrialEntry(SEED_WORKLIST, PATIENTS[0], Verdict.ELIGIBLE, (), date(2026, 10, 20)),
    TrialEntry(SEED_WORKLIST, PATIENTS[1], Verdict.POSSIBLY_ELIGIBLE, (ECOG,), date(2026, 10, 12)),
    TrialEntry(SEED_WORKLIST, PATIENTS[2], Verdict.POSSIBLY_ELIGIBLE, (ECOG, QTC), None),
    TrialEntry(GONE, PATIENTS[2], Verdict.POSSIBLY_ELIGIBLE, (CONSENT,), date(2026, 9, 1)),
)


def run_summary() -> RunSummary:
    return RunSummary(
        as_of=AS_OF,
        time_zone="Asia/Shanghai",
        started_at=RUN_SAVED,
        engine="local",
        workers=2,
        catalog_trials=1,
        catalog_fingerprint="f" * 64,
        resources_read=900,
        patients_read=3,
        patients_screened=3,
        patients_reused=0,
        trials=[
            TrialCount(
                nct_id=SEED_WORKLIST, title="Reduced-target IMRT", eligible=1, possibly_eligible=2
            ),
            TrialCount(nct_id=GONE, title="A trial since removed", possibly_eligible=1),
        ],
        partitions=1,
        max_patients_in_memory=1000,
        peak_patients_in_memory=3,
        seconds=1.0,
        patients_per_second=3.0,
    )


def saved_run(store: WorklistStore) -> int:
    return store.save_run(run_summary(), ENTRIES)
