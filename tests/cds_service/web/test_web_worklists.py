"""The `/worklists` staff pages over HTTP: who may see them, what each shows, the filters, the CSV
download, the audit trail, and where patient ids may (the page bodies) and may not (URLs, logs,
audit rows) appear. The run is saved through the real `WorklistStore`."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from worklist_fixtures import (
    GONE,
    PATIENTS,
    QTC,
    RUN_SAVED,
    SEED_WORKLIST,
    run_summary,
    saved_run,
)

from cds_service.prescreen.patient_job import TrialEntry
from cds_service.prescreen.summary import TrialCount
from cds_service.prescreen.worklists import CSV_COLUMNS, WorklistStore
from cds_service.staff.audit import AuditEntry, recent_actions
from cds_service.staff.roles import Role
from eligibility.results import Verdict
from tests.cds_service.staff.staff_testkit import MovableClock, StaffSite, staff_app, staff_settings

SEED = SEED_WORKLIST


@pytest.fixture
def site(tmp_path: Path) -> Iterator[StaffSite]:
    clock = MovableClock(RUN_SAVED)
    app = staff_app(staff_settings(tmp_path / "data"), clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield StaffSite(app, client, clock)


def _save_run(site: StaffSite) -> int:
    return saved_run(WorklistStore(site.services.engine, clock=site.clock))


def _signed_in(site: StaffSite, role: Role = Role.COORDINATOR, name: str = "carol") -> None:
    site.add(name, role)
    assert site.sign_in(name).status_code == 303


@pytest.fixture
def coordinator(site: StaffSite) -> StaffSite:
    _save_run(site)
    _signed_in(site)
    return site


def _audit(site: StaffSite, action: str) -> list[AuditEntry]:
    return [e for e in recent_actions(site.services.engine, 500) if e.action == action]


def _rows(page: str) -> list[str]:
    """The patient ids in the worklist table, in order."""
    return re.findall(r"<tr>\s*<td>(pt-[a-z]+-\d)</td>", page)


def _hrefs(page: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', page)


# --- who may see them ---------------------------------------------------------------------

PAGES = (
    "/worklists",
    f"/worklists/{SEED}",
    f"/worklists/{SEED}/csv",
    f"/worklists/{SEED}/entries/1/1",
)


@pytest.mark.parametrize("path", PAGES)
def test_without_a_session_a_browser_is_sent_to_sign_in(site: StaffSite, path: str) -> None:
    _save_run(site)
    answer = site.client.get(path, follow_redirects=False)
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"])
    assert location.path == "/staff/login"
    assert parse_qs(location.query) == {"next": [path]}
    script = site.client.get(path, headers={"Accept": "application/json"})
    assert script.status_code == 401
    assert "pt-" not in script.text


@pytest.mark.parametrize("path", PAGES)
def test_a_curator_is_refused_naming_the_coordinator_role(site: StaffSite, path: str) -> None:
    _save_run(site)
    _signed_in(site, Role.CURATOR, "cora")
    answer = site.client.get(path)
    assert answer.status_code == 403
    assert "coordinator" in answer.text
    assert "pt-" not in answer.text
    assert _audit(site, "worklists.index") == []


def test_an_admin_sees_the_worklists(site: StaffSite) -> None:
    _save_run(site)
    _signed_in(site, Role.ADMIN, "ada")
    assert site.client.get("/worklists").status_code == 200
    assert _rows(site.client.get(f"/worklists/{SEED}").text) == list(PATIENTS)


# --- the index ----------------------------------------------------------------------------


def test_the_index_lists_each_trial_with_counts_and_the_runs_date(coordinator: StaffSite) -> None:
    page = coordinator.client.get("/worklists")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    text = page.text
    assert f'<a href="/worklists/{SEED}">{SEED}</a>' in text
    assert f'<a href="/worklists/{GONE}">{GONE}</a>' in text
    assert "<td>Reduced-target IMRT</td>\n    <td>1</td>\n    <td>2</td>\n    <td>3</td>" in text
    assert (
        'patient data as of <time datetime="2026-11-01">2026-11-01</time> '
        '<span class="muted">(Asia/Shanghai)</span>'
    ) in text  # the calendar the day is of (GEN-LOCAL-DAY)
    assert "2026-11-02 03:00 UTC" in text
    assert "pt-" not in text  # patients are on the trial pages only
    (entry,) = _audit(coordinator, "worklists.index")
    assert (entry.actor, entry.target, entry.detail) == ("carol", None, "2 worklists")
    assert entry.at == RUN_SAVED


def test_after_a_run_for_one_trial_the_others_keep_their_worklists_and_say_from_when(
    coordinator: StaffSite,
) -> None:
    """A coordinator re-runs the seed trial alone a day later: the other trial's worklist is
    still listed, dated by the run that made it, and the lead says the latest run matched
    listed trials only."""
    later = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    summary = run_summary().model_copy(
        update={
            "as_of": date(2026, 11, 3),
            "whole_catalog": False,
            "trials": [TrialCount(nct_id=SEED, title="Reduced-target IMRT", eligible=1)],
        }
    )
    WorklistStore(coordinator.services.engine, clock=lambda: later).save_run(
        summary, [TrialEntry(SEED, PATIENTS[0], Verdict.ELIGIBLE, (), date(2026, 11, 2))]
    )
    text = coordinator.client.get("/worklists").text
    assert (
        "matched against only the trials it was run for (1): the other trials' worklists are "
        "from earlier runs"
    ) in text
    assert f'<a href="/worklists/{GONE}">{GONE}</a>' in text
    assert (
        '<td><time datetime="2026-11-01">2026-11-01</time> <span class="muted">(an earlier '
        "run, saved 2026-11-02 03:00 UTC)</span></td>"
    ) in text
    assert '<td><time datetime="2026-11-03">2026-11-03</time></td>' in text
    assert _rows(coordinator.client.get(f"/worklists/{SEED}").text) == [PATIENTS[0]]
    assert coordinator.client.get(f"/worklists/{GONE}").status_code == 200


def test_before_any_run_the_index_says_so(site: StaffSite) -> None:
    _signed_in(site)
    page = site.client.get("/worklists")
    assert page.status_code == 200
    assert "No pre-screening run has been saved yet" in page.text
    missing = site.client.get(f"/worklists/{SEED}")
    assert missing.status_code == 404
    assert "No pre-screening run has been saved yet" in missing.text


# --- a trial's worklist -------------------------------------------------------------------


def test_a_worklist_shows_each_patient_verdict_and_what_to_record(coordinator: StaffSite) -> None:
    page = coordinator.client.get(f"/worklists/{SEED}")
    assert page.status_code == 200
    text = page.text
    assert _rows(text) == list(PATIENTS)  # eligible first, then fewest unknowns
    assert "Eligible on every structured criterion" in text
    assert "<strong>ECOG 0–1</strong>: Record the ECOG performance status (0–5)." in text
    assert "<td>2026-10-12</td>" in text
    assert (
        '<time datetime="2026-11-01">2026-11-01</time> <span class="muted">(Asia/Shanghai)' in text
    )
    assert f'href="/trials/{SEED}"' in text
    (entry,) = _audit(coordinator, "worklists.view")
    assert entry.target == SEED
    assert entry.detail == "run 1, no filter, 3 patients shown"


def test_the_unknown_filter_offers_each_undecided_criterion_with_its_count(
    coordinator: StaffSite,
) -> None:
    text = coordinator.client.get(f"/worklists/{SEED}").text
    assert '<option value="ecog">ECOG 0–1 (2)</option>' in text
    assert '<option value="qtc">QTc ≤ 450 ms (males) / ≤ 470 ms (females) (1)</option>' in text


@pytest.mark.parametrize(
    ("query", "shown", "described"),
    [
        ("verdict=eligible", ["pt-eligible-1"], "verdict=eligible"),
        ("verdict=possibly_eligible", list(PATIENTS[1:]), "verdict=possibly_eligible"),
        ("unknown=qtc", ["pt-possible-3"], "unknown=qtc"),
        ("verdict=possibly_eligible&unknown=ecog", ["pt-possible-2", "pt-possible-3"],
         "verdict=possibly_eligible, unknown=ecog"),
        ("verdict=eligible&unknown=ecog", [], "verdict=eligible, unknown=ecog"),
        ("unknown=age", [], "unknown=age"),  # a criterion of the trial no one lacks data for
        ("verdict=&unknown=", list(PATIENTS), "no filter"),
    ],
)  # fmt: skip
def test_filters(coordinator: StaffSite, query: str, shown: list[str], described: str) -> None:
    page = coordinator.client.get(f"/worklists/{SEED}?{query}")
    assert page.status_code == 200
    assert _rows(page.text) == shown
    if not shown:
        assert "No patient on this worklist matches the filters." in page.text
    (entry,) = _audit(coordinator, "worklists.view")
    assert entry.detail == f"run 1, {described}, {len(shown)} patients shown"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("verdict=not_eligible", "The verdict filter must be eligible or possibly_eligible"),
        ("verdict=maybe", "&#39;maybe&#39; is not one of them"),
        (
            "unknown=no-such-criterion",
            "names &#39;no-such-criterion&#39;, which is not a criterion",
        ),
        ("unknown=" + "x" * 300, "which is not a criterion of this trial"),
        ("unknown=%3Cscript%3E", "&#39;&lt;script&gt;&#39;"),
    ],
)
def test_a_bad_filter_is_400_saying_what_is_wrong(
    coordinator: StaffSite, query: str, message: str
) -> None:
    for path in (f"/worklists/{SEED}", f"/worklists/{SEED}/csv"):
        page = coordinator.client.get(f"{path}?{query}")
        assert page.status_code == 400
        assert "Filter not understood" in page.text
        assert message in page.text
        assert "<script>" not in page.text
        assert "x" * 100 not in page.text  # a long value is cut
    assert _audit(coordinator, "worklists.view") == []
    assert _audit(coordinator, "worklists.download") == []


def test_an_unknown_trial_is_404_saying_so(coordinator: StaffSite) -> None:
    for path in ("/worklists/NCT09999999", "/worklists/NCT09999999/csv"):
        page = coordinator.client.get(path)
        assert page.status_code == 404
        assert "made a worklist for &#39;NCT09999999&#39;" in page.text
        assert "data as of 2026-11-01" in page.text


def test_the_trial_id_is_read_without_case_or_space(coordinator: StaffSite) -> None:
    page = coordinator.client.get(f"/worklists/{SEED.lower()}%20")
    assert page.status_code == 200
    assert _rows(page.text) == list(PATIENTS)


def test_a_worklist_of_a_trial_no_longer_in_the_catalog_still_shows(
    coordinator: StaffSite,
) -> None:
    page = coordinator.client.get(f"/worklists/{GONE}")
    assert page.status_code == 200
    assert "A trial since removed" in page.text
    assert "no longer in the catalog" in page.text
    assert _rows(page.text) == ["pt-possible-3"]
    assert "<td>Consent</td>" in page.text  # the free-text criterion: review by hand


# --- the CSV download ---------------------------------------------------------------------


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_holds_the_clis_columns_and_the_filtered_rows(coordinator: StaffSite) -> None:
    answer = coordinator.client.get(f"/worklists/{SEED}/csv?unknown=ecog")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="worklist-{SEED}-2026-11-01.csv"'
    )
    assert answer.headers["cache-control"] == "no-store"
    rows = _csv(answer.text)
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1:] == [
        ["pt-possible-2", "possibly_eligible", "ECOG 0–1",
         "Record the ECOG performance status (0–5).", "", "2026-10-12"],
        ["pt-possible-3", "possibly_eligible", f"ECOG 0–1; {QTC.label}",
         "Record the ECOG performance status (0–5).; Record the QTc of an ECG.", "", ""],
    ]  # fmt: skip
    (entry,) = _audit(coordinator, "worklists.download")
    assert (entry.target, entry.detail) == (SEED, "run 1, unknown=ecog, 2 patients")


def test_the_page_links_the_csv_with_its_filters(coordinator: StaffSite) -> None:
    page = coordinator.client.get(f"/worklists/{SEED}?verdict=eligible")
    assert f'href="/worklists/{SEED}/csv?verdict=eligible"' in page.text
    whole = _csv(coordinator.client.get(f"/worklists/{SEED}/csv").text)
    assert [row[0] for row in whole[1:]] == list(PATIENTS)


# --- a patient's checklist ----------------------------------------------------------------


def _entry_links(page: str) -> list[str]:
    return [href for href in _hrefs(page) if "/entries/" in href]


def test_each_row_links_its_checklist_by_position_never_by_patient_id(
    coordinator: StaffSite,
) -> None:
    page = coordinator.client.get(f"/worklists/{SEED}?unknown=qtc").text
    assert _entry_links(page) == [f"/worklists/{SEED}/entries/1/3"]  # its place in the whole list
    for href in _hrefs(coordinator.client.get(f"/worklists/{SEED}").text):
        assert "pt-" not in href


def test_the_checklist_is_rebuilt_from_the_entry(coordinator: StaffSite) -> None:
    page = coordinator.client.get(f"/worklists/{SEED}/entries/1/3")
    assert page.status_code == 200
    text = page.text
    assert "Patient <strong>pt-possible-3</strong>" in text
    assert "Possibly eligible" in text
    assert '2026-11-01</time> <span class="muted">(Asia/Shanghai)</span>' in text
    assert "11 of 13 criteria met, 2 undecided (data to record), 0 to review by hand." in text
    assert text.count('class="check check-met"') == 11
    assert text.count('class="check check-unknown"') == 2
    assert "<strong>To record:</strong> Record the QTc of an ECG." in text
    assert "No grade ≥ 2 heart failure" in text  # a met criterion, from the catalog
    (entry,) = _audit(coordinator, "worklists.checklist")
    assert (entry.target, entry.detail) == (SEED, "run 1, entry 3")


def test_a_checklist_of_a_trial_gone_shows_only_the_stored_lines(coordinator: StaffSite) -> None:
    page = coordinator.client.get(f"/worklists/{GONE}/entries/1/1")
    assert page.status_code == 200
    assert "The trial's criteria have changed since this run" in page.text
    assert page.text.count('class="check check-unknown"') == 1
    assert "Review by hand" in page.text


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        (f"/worklists/{SEED}/entries/1/4", 404, "has 3 patients; there is no entry 4"),
        (f"/worklists/{SEED}/entries/1/0", 404, "there is no entry 0"),
        (f"/worklists/{SEED}/entries/7/1", 404, "from pre-screening run 7"),
        (f"/worklists/{SEED}/entries/1/first", 404, "not one the worklist pages make"),
        (f"/worklists/{SEED}/entries/1/{'9' * 40}", 404, "not one the worklist pages make"),
    ],
)
def test_a_checklist_link_that_leads_nowhere_says_why(
    coordinator: StaffSite, path: str, status: int, message: str
) -> None:
    page = coordinator.client.get(path)
    assert page.status_code == status
    assert message in page.text
    assert "Traceback" not in page.text
    assert _audit(coordinator, "worklists.checklist") == []


def test_a_new_run_retires_the_links_of_the_last(coordinator: StaffSite) -> None:
    _save_run(coordinator)
    page = coordinator.client.get(f"/worklists/{SEED}/entries/1/1")
    assert page.status_code == 404
    assert "this trial&#39;s worklist now comes from run 2" in page.text
    assert coordinator.client.get(f"/worklists/{SEED}/entries/2/1").status_code == 200


# --- patient ids stay on the pages --------------------------------------------------------


def test_no_patient_id_reaches_a_log_line_or_an_audit_row(
    coordinator: StaffSite, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = coordinator.client
    for path in (
        "/worklists",
        f"/worklists/{SEED}?verdict=eligible",
        f"/worklists/{SEED}/csv",
        f"/worklists/{SEED}/entries/1/2",
        f"/worklists/{SEED}/entries/1/9",
        f"/worklists/{SEED}?verdict=bad",
    ):
        client.get(path)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    audited = "\n".join(
        f"{e.target} {e.detail}" for e in recent_actions(coordinator.services.engine, 500)
    )
    for patient in PATIENTS:
        assert patient not in logged
        assert patient not in audited
