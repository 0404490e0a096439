"""`/worklists`: the pre-screening worklists for study coordinators (admins too; see
`cds_service.staff.roles`). Thin: read the filters, ask `WorklistStore`, audit, render.

- `/worklists`: the trials with a worklist in the latest run, with counts and the run's date;
- `/worklists/{nct_id}`: a trial's patients, their verdicts and what to record for each
  undecided criterion; filters `verdict` and `unknown` (a criterion id);
- `/worklists/{nct_id}/csv`: the same rows (same filters) as the CLI's `worklist-<NCT>.csv`;
- `/worklists/{nct_id}/entries/{run_id}/{position}`: one patient's checklist for the trial,
  rebuilt from the stored entry (`worklist_view.EntryChecklist`).

Every view is written to the staff audit trail. Patient ids appear in these pages' bodies and
the CSV only: never in a URL (rows are referred to by position), a log line or an audit row.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from cds_service.prescreen.patient_job import TrialEntry
from cds_service.prescreen.worklists import (
    CSV_COLUMNS,
    StoredRun,
    Worklist,
    WorklistStore,
    WorklistSummary,
    csv_rows,
)
from cds_service.runtime import Runtime
from cds_service.staff.access import StaffMember, require_staff
from cds_service.staff.audit import record_action
from cds_service.staff.roles import Role
from cds_service.web.checklist import VERDICT_TEXT
from cds_service.web.errors import WorklistNotFoundError
from cds_service.web.templating import render, root_path
from cds_service.web.worklist_view import (
    VERDICT_CHOICES,
    CheckStatus,
    EntryChecklist,
    WorklistFilters,
    known_criteria,
    parse_filters,
    positions,
)
from eligibility.trial import Trial

worklist_router = APIRouter(tags=["staff pages"], include_in_schema=False)

# Coordinators run recruitment; an admin passes every role check (`cds_service.staff.roles`).
Coordinator = Annotated[StaffMember, Depends(require_staff(Role.COORDINATOR))]
# Staff pages hold patient data: never cached, never indexed.
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _store(runtime: Runtime) -> WorklistStore:
    return WorklistStore(runtime.engine, clock=runtime.clock)


def _audit(
    runtime: Runtime, member: StaffMember, action: str, target: str | None, detail: str
) -> None:
    record_action(
        runtime.engine,
        actor=member.name,
        action=action,
        target=target,
        detail=detail,
        when=runtime.clock(),
    )


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


@worklist_router.get("/worklists")
async def worklist_index(request: Request, member: Coordinator) -> Response:
    runtime = _runtime(request)

    def read() -> tuple[list[WorklistSummary], StoredRun | None]:
        store = _store(runtime)
        summaries = store.trials_with_worklists()
        run = store.latest_run()
        _audit(runtime, member, "worklists.index", None, f"{len(summaries)} worklists")
        return summaries, run

    summaries, run = await run_in_threadpool(read)
    return render(
        request,
        "worklists.html",
        {"summaries": summaries, "run": run, "when": _when},
        headers=NO_STORE,
    )


def _worklist_or_404(store: WorklistStore, nct_id: str) -> Worklist:
    worklist = store.worklist(nct_id)
    if worklist is not None:
        return worklist
    run = store.latest_run()
    if run is None:
        raise WorklistNotFoundError(
            "No pre-screening run has been saved yet, so there are no worklists. Run "
            "`oncomatch prescreen` on a bulk export first."
        )
    raise WorklistNotFoundError(
        f"No pre-screening run that matched it made a worklist for {nct_id!r} (the latest "
        f"run: data as of {run.as_of.isoformat()}): no patient may qualify for it, or no such "
        "trial is in the catalog."
    )


def _normalised(nct_id: str) -> str:
    return nct_id.strip().upper()[:64]


@worklist_router.get("/worklists/{nct_id}")
async def worklist_page(nct_id: str, request: Request, member: Coordinator) -> Response:
    runtime = _runtime(request)
    nct_id = _normalised(nct_id)
    trial = runtime.catalog.catalog.get(nct_id)

    whole, shown, filters = await run_in_threadpool(
        _read_audited, request, member, nct_id, trial, "worklists.view", "patients shown"
    )
    base = f"{root_path(request)}/worklists/{nct_id}"
    return render(
        request,
        "worklist.html",
        {
            "worklist": shown,
            "whole": whole,
            "trial": trial,
            "filters": filters,
            "verdict_choices": VERDICT_CHOICES,
            "verdict_text": VERDICT_TEXT,
            "unknown_options": whole.undecided,
            "position": positions(whole),
            "entry_base": f"{base}/entries/{whole.run.id}",
            "csv_href": f"{base}/csv{filters.query()}",
            "when": _when,
        },
        headers=NO_STORE,
    )


def _read_audited(
    request: Request,
    member: Coordinator,
    nct_id: str,
    trial: Trial | None,
    action: str,
    counted: str,
) -> tuple[Worklist, Worklist, WorklistFilters]:
    """A trial's latest worklist, the part the request's filters show, and the filters; the
    read audited as `action` (the page and its CSV are both views of patient identifiers)."""
    runtime = _runtime(request)
    store = _store(runtime)
    whole = _worklist_or_404(store, nct_id)
    filters = parse_filters(dict(request.query_params), known_criteria(trial, whole))
    shown = _filtered(store, whole, filters)
    _audit(
        runtime,
        member,
        action,
        nct_id,
        f"run {whole.run.id}, {filters.describe()}, {len(shown.entries)} {counted}",
    )
    return whole, shown, filters


def _filtered(store: WorklistStore, whole: Worklist, filters: WorklistFilters) -> Worklist:
    if not filters.active:
        return whole
    shown = store.worklist(whole.nct_id, verdict=filters.verdict, unknown=filters.unknown)
    # A run saved between the two reads: show the one the filters and positions came from.
    if shown is None or shown.run.id != whole.run.id:
        raise WorklistNotFoundError(
            "A new pre-screening run was saved while this page was read. Open it again."
        )
    return shown


@worklist_router.get("/worklists/{nct_id}/csv")
async def worklist_csv(nct_id: str, request: Request, member: Coordinator) -> Response:
    runtime = _runtime(request)
    nct_id = _normalised(nct_id)
    trial = runtime.catalog.catalog.get(nct_id)

    def read() -> tuple[Worklist, str]:
        _, shown, _ = _read_audited(
            request, member, nct_id, trial, "worklists.download", "patients"
        )
        return shown, _csv_text(shown)

    shown, text = await run_in_threadpool(read)
    name = f"worklist-{_file_safe(nct_id)}-{shown.run.as_of.isoformat()}.csv"
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'},
    )


def _csv_text(worklist: Worklist) -> str:
    """The rows in the CLI's `worklist-<NCT>.csv` format (the same columns and cells)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(
        csv_rows(
            TrialEntry(worklist.nct_id, row.patient_id, row.verdict, row.unknowns, row.data_date)
            for row in worklist.entries
        )
    )
    return out.getvalue()


def _file_safe(nct_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in nct_id)


@worklist_router.get("/worklists/{nct_id}/entries/{run}/{entry}")
async def worklist_entry(
    nct_id: str,
    run: str,
    entry: str,
    request: Request,
    member: Coordinator,
) -> Response:
    runtime = _runtime(request)
    nct_id = _normalised(nct_id)
    trial: Trial | None = runtime.catalog.catalog.get(nct_id)
    # Read here rather than typed in the route: a mangled link gets the staff page saying so,
    # not the JSON validation error an API client would.
    if not (run.isdecimal() and entry.isdecimal() and len(run) + len(entry) < 19):
        raise WorklistNotFoundError(
            "This checklist link is not one the worklist pages make: open the trial's "
            "worklist and follow a patient's Checklist link."
        )
    run_id, position = int(run), int(entry)

    def read() -> tuple[Worklist, EntryChecklist]:
        store = _store(runtime)
        whole = _worklist_or_404(store, nct_id)
        if whole.run.id != run_id:
            raise WorklistNotFoundError(
                f"This checklist link is from pre-screening run {run_id}; this trial's "
                f"worklist now comes from run {whole.run.id}. Open the trial's worklist again."
            )
        if not 1 <= position <= len(whole.entries):
            raise WorklistNotFoundError(
                f"The worklist of {nct_id} in run {run_id} has {len(whole.entries)} patients; "
                f"there is no entry {position}."
            )
        row = whole.entries[position - 1]
        # The audit row names the entry, not the patient: run and position find it.
        _audit(runtime, member, "worklists.checklist", nct_id, f"run {run_id}, entry {position}")
        return whole, EntryChecklist.of(row, trial)

    whole, checklist = await run_in_threadpool(read)
    return render(
        request,
        "worklist_entry.html",
        {
            "worklist": whole,
            "trial": trial,
            "checklist": checklist,
            "status": CheckStatus,
            "verdict_text": VERDICT_TEXT,
            "position": position,
            "when": _when,
        },
        headers=NO_STORE,
    )
