"""The curation pages: a curator reviews, corrects and publishes a trial's criteria.

Thin routes: read the form, call the draft / forms / preview / `CurationStore`, render. Every
route needs a curator (an admin passes), every POST its CSRF token, and every POST is written to
the staff audit trail with the curator's name: draft edits and previews here, publish, restore
and review by the store, in the transaction that makes them. The draft travels in the page's form
(`cds_service.curation.draft`), so an edit that fails validation shows the page again with the
error at its field and nothing typed lost.

    GET  /curation                              the trials, filterable
    GET  /curation/{nct_id}                     the registry text item by item, the draft
    POST /curation/{nct_id}                     an edit of the draft (`action`), or a preview
    POST /curation/{nct_id}/publish             the draft becomes the next version
    POST /curation/{nct_id}/reviewed            the registry's changed text was read
    GET  /curation/{nct_id}/versions            every version; compare any two; restore
    GET  /curation/{nct_id}/versions/compare    the diff of two versions (?a=&b=)
    GET  /curation/{nct_id}/versions/{n}        one version's criteria
    POST /curation/{nct_id}/versions/{n}/restore
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from cds_service.catalog.refresh import refresh_once
from cds_service.curation.curators import CURATION_ROLES
from cds_service.curation.draft import Draft, DraftEditError, DraftError
from cds_service.curation.errors import (
    InvalidTrialError,
    NotCuratedError,
    StaleRegistryTextError,
    VersionNotFoundError,
)
from cds_service.curation.forms import (
    FORM_LEVEL,
    MODELS,
    CriterionFormError,
    FormState,
    blank_state,
    parse_criterion,
    state_of,
    type_options,
)
from cds_service.curation.items import pair_items
from cds_service.curation.overview import CriteriaSource, curation_overview
from cds_service.curation.page_errors import (
    CurationInputError,
    CurationNotFoundError,
)
from cds_service.curation.preview import Preview, TestPatients, run_preview
from cds_service.curation.versions import CuratedVersion, CurationStore
from cds_service.runtime import Runtime
from cds_service.staff.access import StaffMember, require_staff
from cds_service.staff.audit import record_action
from cds_service.staff.csrf import verify_csrf
from cds_service.web.describe import detail
from cds_service.web.templating import render, root_path
from eligibility.criteria import Criterion, FreeTextCriterion
from eligibility.taxonomy import CancerTaxonomy
from eligibility.trial import NCT_ID, Trial

curation_router = APIRouter(tags=["curation pages"], include_in_schema=False)

NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}
NOTE_LIMIT = 2000
# The CLI's rule too (`curators`): the curator role, or admin.
Curator = Annotated[StaffMember, Depends(require_staff(*CURATION_ROLES))]


@dataclass(frozen=True, slots=True)
class CurationServices:
    """What the curation pages share, on `app.state.curation`."""

    store: CurationStore
    patients: TestPatients


def install_curation(app: FastAPI, runtime: Runtime) -> None:
    """The curation routes and their services (the app factory calls it)."""
    app.state.curation = CurationServices(
        # The catalog's own store: a publish here moves the fingerprint the catalog follows.
        store=runtime.catalog_source.curation,
        patients=TestPatients(runtime.settings.test_bundles_dir, today=runtime.today),
    )
    app.include_router(curation_router)


def _services(request: Request) -> CurationServices:
    services: CurationServices = request.app.state.curation
    return services


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _trial(request: Request, nct_id: str) -> Trial:
    wanted = nct_id.strip().upper()
    trial = _runtime(request).catalog.catalog.get(wanted) if NCT_ID.match(wanted) else None
    if trial is None:
        raise CurationNotFoundError(
            f"There is no trial {nct_id!r} in this OncoMatch catalog to curate. Check the NCT "
            "number (NCT followed by 8 digits), or import the trial from ClinicalTrials.gov first."
        )
    return trial


def _small_number(text: str) -> int | None:
    """A version number as typed in a URL, or None: ASCII digits, at most six of them (a
    thousands-digit string must not even reach `int`)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 6) or int(text) == 0:
        return None
    return int(text)


def _cut(text: str, limit: int = 40) -> str:
    """What a visitor typed, short enough to quote back."""
    return text if len(text) <= limit else text[:limit] + "…"


def _version_number(text: str, what: str = "version") -> int:
    number = _small_number(text)
    if number is None:
        raise CurationInputError(
            f"The {what} number {_cut(text)!r} is not a version number: versions are numbered "
            "1, 2, 3…"
        )
    return number


def _audit(
    request: Request, member: StaffMember, action: str, target: str, detail: str | None
) -> None:
    runtime = _runtime(request)
    record_action(
        runtime.engine,
        actor=member.name,
        action=f"curation.{action}",
        target=target,
        detail=detail,
        when=runtime.clock(),
    )


async def _form(request: Request) -> dict[str, list[str]]:
    data = await request.form()
    return {key: [v for v in data.getlist(key) if isinstance(v, str)] for key in data}


def _one(form: Mapping[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0]


# --- the trial list ------------------------------------------------------------------------------


@curation_router.get("/curation", summary="Trials to curate")
async def curation_list(request: Request, member: Curator) -> Response:
    params = request.query_params
    rows = await run_in_threadpool(curation_overview, _runtime(request).catalog_source)
    source = params.get("source", "")
    status = params.get("status", "")
    needs = params.get("needs") == "person"
    changed = params.get("changed") == "yes"
    text = params.get("q", "").strip().casefold()
    shown = [
        row
        for row in rows
        if (not source or row.source.value == source)
        and (not status or row.overall_status.value == status)
        and (not needs or row.needs_person > 0)
        and (not changed or row.registry_changed)
        and (not text or text in row.nct_id.casefold() or text in row.title.casefold())
    ]
    return render(
        request,
        "curation_list.html",
        {
            "rows": shown,
            "total": len(rows),
            "filters": {
                "source": source,
                "status": status,
                "needs": needs,
                "changed": changed,
                "q": params.get("q", ""),
            },
            "sources": [origin.value for origin in CriteriaSource],
            "statuses": sorted({row.overall_status.value for row in rows}),
        },
        headers=NO_STORE,
    )


# --- the workbench -------------------------------------------------------------------------------


@dataclass
class Bench:
    """Everything the trial's curation page shows."""

    trial: Trial
    draft: Draft
    editor: FormState | None = None
    editing: str | None = None  # the id of the criterion being edited; None: a new one
    message: str | None = None  # what the last action did
    problem: str | None = None  # why the last action could not be done
    preview: Preview | None = None
    status_code: int = 200


def _registry(request: Request, trial: Trial) -> tuple[str | None, str | None]:
    text = _services(request).store.registry_text(trial.nct_id)
    return (text.text, text.hash) if text.text is not None else (trial.eligibility_text, None)


def _fresh_draft(request: Request, trial: Trial) -> Draft:
    store = _services(request).store
    current = store.current(trial.nct_id)
    _, registry_hash = _registry(request, trial)
    return Draft.of(
        trial, base_version=current.number if current else None, registry_hash=registry_hash
    )


def _render_bench(request: Request, bench: Bench) -> Response:
    store = _services(request).store
    runtime = _runtime(request)
    taxonomy = runtime.catalog.catalog.taxonomy
    registry_text, _ = _registry(request, bench.trial)
    current = store.current(bench.trial.nct_id)

    def describe(criterion: Criterion) -> str:
        return detail(criterion, taxonomy)

    return render(
        request,
        "curation_trial.html",
        {
            "trial": bench.trial,
            "bench": bench,
            "draft": bench.draft,
            "draft_json": bench.draft.encode(),
            "items": pair_items(registry_text, bench.draft.criteria),
            "describe": describe,
            "is_free_text": lambda c: isinstance(c, FreeTextCriterion),
            "type_options": type_options(),
            "current": current,
            "change": store.registry_changes(bench.trial.nct_id),
            "test_patients": len(_services(request).patients.for_trial(bench.trial.nct_id)),
            "changed_from_current": bench.draft.criteria != bench.trial.criteria,
            "refresh_words": _refresh_words(request),
        },
        status_code=bench.status_code,
        headers=NO_STORE,
    )


@curation_router.get("/curation/{nct_id}", summary="A trial's curation page")
async def curation_page(nct_id: str, request: Request, member: Curator) -> Response:
    trial = _trial(request, nct_id)
    draft = await run_in_threadpool(_fresh_draft, request, trial)
    published = request.query_params.get("published", "")
    # Only a number is echoed: the query string is anyone's to write.
    message = (
        f"Version {number} published; {_in_force(request)}."
        if (number := _small_number(published))
        else None
    )
    return await run_in_threadpool(_render_bench, request, Bench(trial, draft, message=message))


def _in_force(request: Request) -> str:
    """When a version just published counts: this process refreshed its catalog at the publish,
    the others (workers, replicas) only poll the store's fingerprint."""
    return (
        "it is in force now in this server process, and in every other one within "
        f"{_refresh_words(request)} (at its next catalog refresh)"
    )


def _refresh_words(request: Request) -> str:
    return f"{_runtime(request).settings.catalog_refresh_seconds:g} s"


def _draft_of(request: Request, form: Mapping[str, list[str]], trial: Trial) -> Draft:
    try:
        return Draft.decode(
            _one(form, "draft"),
            nct_id=trial.nct_id,
            taxonomy=_runtime(request).catalog.catalog.taxonomy,
        )
    except DraftError as error:
        raise CurationInputError(error.message[:1].upper() + error.message[1:] + ".") from None


@curation_router.post(
    "/curation/{nct_id}", summary="Edit the draft", dependencies=[Depends(verify_csrf)]
)
async def curation_edit(nct_id: str, request: Request, member: Curator) -> Response:
    trial = _trial(request, nct_id)
    form = await _form(request)
    draft = _draft_of(request, form, trial)
    action, _, argument = _one(form, "action").partition(":")
    handler = _ACTIONS.get(action)
    if handler is None:
        raise CurationInputError(f"The page does not know the action {_cut(action)!r}.")
    bench = Bench(trial, draft)
    try:
        await run_in_threadpool(handler, request, bench, form, argument)
    except DraftEditError as error:
        # A button naming a criterion the draft does not have (a stale or hand-made form).
        raise CurationInputError(error.message[:1].upper() + error.message[1:] + ".") from None
    await run_in_threadpool(_audit, request, member, action, trial.nct_id, argument or None)
    return await run_in_threadpool(_render_bench, request, bench)


Handler = Callable[[Request, Bench, Mapping[str, list[str]], str], None]
"""One button of the curation page: changes `bench` (the draft, the editor, a message)."""


def _open_editor(request: Request, bench: Bench, form: Mapping[str, list[str]], arg: str) -> None:
    bench.editor = state_of(bench.draft.find(arg), _taxonomy(request))
    bench.editing = arg


def _taxonomy(request: Request) -> CancerTaxonomy:
    return _runtime(request).catalog.catalog.taxonomy


def _chosen_type(form: Mapping[str, list[str]], name: str) -> str:
    chosen = _one(form, name)
    if chosen not in MODELS:
        raise CurationInputError(
            f"{_cut(chosen)!r} is not a criterion type; choose one from the list."
        )
    return chosen


def _add(request: Request, bench: Bench, form: Mapping[str, list[str]], arg: str) -> None:
    bench.editor = blank_state(_chosen_type(form, "new_type"), _taxonomy(request))


def _add_for_item(request: Request, bench: Bench, form: Mapping[str, list[str]], arg: str) -> None:
    """A new criterion encoding a manual-review item: it quotes the item's text."""
    item = bench.draft.find(arg)
    state = blank_state(_chosen_type(form, f"type_for.{arg}"), _taxonomy(request))
    values = dict(state.values)
    values["source_text"] = item.source_text or ""
    values["section"] = item.section
    bench.editor = FormState(state.form, values)


def _save(request: Request, bench: Bench, form: Mapping[str, list[str]], arg: str) -> None:
    type_name = _chosen_type(form, "editing_type")
    editing = _one(form, "editing") or None
    bench.editing = editing
    taxonomy = _taxonomy(request)
    try:
        criterion = parse_criterion(type_name, form, taxonomy)
    except CriterionFormError as error:
        bench.editor = error.state
        bench.problem = "The criterion was not saved: correct the fields marked below."
        bench.status_code = 400
        return
    try:
        draft = bench.draft.saved(criterion, replacing=editing)
        draft.trial(bench.trial)
    except (DraftEditError, ValidationError) as error:
        where, message = _trial_problem(error)
        shown = state_of(criterion, taxonomy)
        bench.editor = FormState(shown.form, shown.values, {where: message})
        bench.problem = f"The criterion was not saved: {message}."
        bench.status_code = 400
        return
    bench.draft = draft
    bench.message = f"Criterion {criterion.id!r} saved in the draft (not yet published)."


def _trial_problem(error: DraftEditError | ValidationError) -> tuple[str, str]:
    if isinstance(error, DraftEditError):
        return error.field or FORM_LEVEL, error.message
    return FORM_LEVEL, str(error.errors(include_url=False, include_input=False)[0]["msg"])


def _cancel(request: Request, bench: Bench, form: Mapping[str, list[str]], arg: str) -> None:
    bench.message = "Edit closed; the draft is unchanged."


def _stay(request: Request, bench: Bench, form: Mapping[str, list[str]], arg: str) -> None:
    """Enter pressed in a field outside the editor: the page again, as it was."""


def _draft_edit(change: str) -> Handler:
    def handler(request: Request, bench: Bench, form: Mapping[str, list[str]], arg: str) -> None:
        try:
            if change == "remove":
                bench.draft = bench.draft.removed(arg)
                bench.message = f"Criterion {arg!r} removed from the draft."
            elif change == "accept":
                bench.draft = bench.draft.accepting(arg)
                bench.message = f"Criterion {arg!r} accepted as read."
            elif change == "encoded":
                bench.draft = bench.draft.marked_encoded(arg)
                bench.message = f"Item {arg!r} marked as encoded; its free text left the draft."
            elif change == "not_checkable":
                bench.draft = bench.draft.marked_not_checkable(arg)
                bench.message = f"Item {arg!r} marked as not checkable from the chart."
            else:
                bench.draft = bench.draft.marked_not_checkable(arg, value=False)
                bench.message = f"Item {arg!r} is waiting for a curator again."
        except DraftEditError as error:
            bench.problem = error.message[:1].upper() + error.message[1:] + "."
            bench.status_code = 400

    return handler


def _preview(request: Request, bench: Bench, form: Mapping[str, list[str]], arg: str) -> None:
    patients = _services(request).patients.for_trial(bench.trial.nct_id)
    draft_trial = bench.draft.trial(bench.trial)
    runtime = _runtime(request)
    bench.preview = run_preview(
        patients,
        now=bench.trial,
        draft=draft_trial,
        matcher=runtime.catalog.matcher,
        zone=runtime.settings.zone,
    )


_ACTIONS: dict[str, Handler] = {
    "edit": _open_editor,
    "add": _add,
    "add_for": _add_for_item,
    "save": _save,
    "cancel": _cancel,
    "stay": _stay,
    "remove": _draft_edit("remove"),
    "accept": _draft_edit("accept"),
    "encoded": _draft_edit("encoded"),
    "not_checkable": _draft_edit("not_checkable"),
    "checkable": _draft_edit("checkable"),
    "preview": _preview,
}


# --- publishing ----------------------------------------------------------------------------------


@curation_router.post(
    "/curation/{nct_id}/publish", summary="Publish the draft", dependencies=[Depends(verify_csrf)]
)
async def curation_publish(nct_id: str, request: Request, member: Curator) -> Response:
    trial = _trial(request, nct_id)
    form = await _form(request)
    draft = _draft_of(request, form, trial)
    note = _one(form, "note").strip()[:NOTE_LIMIT] or None
    store = _services(request).store
    current = await run_in_threadpool(store.current, trial.nct_id)
    if (current.number if current else None) != draft.base_version:
        # Someone published meanwhile: the draft is kept and now counts from their version, so
        # a second click publishes over it knowingly, never by accident.
        if current is None:
            raise CurationInputError(
                f"The draft says it started from version {draft.base_version}, which "
                f"{trial.nct_id} does not have. Open the trial's curation page again."
            )
        kept = draft.model_copy(update={"base_version": current.number})
        problem = (
            f"Not published: {current.published_by} published version {current.number} of "
            f"{trial.nct_id} after this draft was opened. Your draft is kept below; compare it "
            "with the version in force, then publish again to replace it."
        )
        return await _refused(request, trial, kept, problem)
    try:
        version = await run_in_threadpool(
            lambda: store.publish(
                draft.trial(trial),
                by=member.name,
                note=note,
                registry_text_hash=draft.registry_hash,
            )
        )
    except StaleRegistryTextError:
        _, now_hash = _registry(request, trial)
        kept = draft.model_copy(update={"registry_hash": now_hash})
        problem = (
            "Not published: ClinicalTrials.gov stored new eligibility text for "
            f"{trial.nct_id} after this page was opened. The items below are the new text; "
            "check the draft against them, then publish again. Your draft is kept."
        )
        return await _refused(request, trial, kept, problem)
    except InvalidTrialError as error:
        raise CurationInputError(f"The draft cannot be published: {error}.") from None
    if draft.accepted:
        # The store audits the publish; which criteria the curator confirmed one by one is the
        # page's to say.
        accepted = ", ".join(draft.accepted)
        detail = f"version {version.number}: {accepted}"
        await run_in_threadpool(_audit, request, member, "accepted", trial.nct_id, detail)
    await refresh_once(_runtime(request).catalog_source)
    target = (
        f"{root_path(request)}/curation/{trial.nct_id}?{urlencode({'published': version.number})}"
    )
    return RedirectResponse(target, status_code=303, headers=NO_STORE)


async def _refused(request: Request, trial: Trial, draft: Draft, problem: str) -> Response:
    bench = Bench(trial, draft, problem=problem, status_code=409)
    return await run_in_threadpool(_render_bench, request, bench)


@curation_router.post(
    "/curation/{nct_id}/reviewed",
    summary="The registry's changed text was read",
    dependencies=[Depends(verify_csrf)],
)
async def curation_reviewed(nct_id: str, request: Request, member: Curator) -> Response:
    trial = _trial(request, nct_id)
    store = _services(request).store
    try:
        await run_in_threadpool(store.mark_reviewed, trial.nct_id, member.name)
    except NotCuratedError:
        raise CurationInputError(
            f"{trial.nct_id} has no published version yet, so there is no change to mark as "
            "reviewed: publish a version first."
        ) from None
    return RedirectResponse(
        f"{root_path(request)}/curation/{trial.nct_id}", status_code=303, headers=NO_STORE
    )


# --- versions ------------------------------------------------------------------------------------


def _versions(request: Request, trial: Trial) -> list[CuratedVersion]:
    return _services(request).store.versions(trial.nct_id)


@curation_router.get("/curation/{nct_id}/versions", summary="A trial's published versions")
async def curation_versions(nct_id: str, request: Request, member: Curator) -> Response:
    trial = _trial(request, nct_id)
    versions = await run_in_threadpool(_versions, request, trial)
    restored = request.query_params.get("restored", "")
    return render(
        request,
        "curation_versions.html",
        {
            "trial": trial,
            "versions": versions,
            "message": f"Version {number} published as a restore; {_in_force(request)}."
            if (number := _small_number(restored))
            else None,
        },
        headers=NO_STORE,
    )


def _missing_version(trial: Trial, number: int) -> CurationNotFoundError:
    return CurationNotFoundError(
        f"{trial.nct_id} has no published version {number}. The versions page lists the ones it "
        "has."
    )


@curation_router.get("/curation/{nct_id}/versions/compare", summary="Compare two versions")
async def curation_compare(nct_id: str, request: Request, member: Curator) -> Response:
    trial = _trial(request, nct_id)
    a = _version_number(request.query_params.get("a", ""), "first")
    b = _version_number(request.query_params.get("b", ""), "second")
    store = _services(request).store
    try:
        diff = await run_in_threadpool(store.compare, trial.nct_id, a, b)
    except VersionNotFoundError as error:
        raise _missing_version(trial, error.number) from None
    return render(request, "curation_diff.html", {"trial": trial, "diff": diff}, headers=NO_STORE)


@curation_router.get("/curation/{nct_id}/versions/{number}", summary="One published version")
async def curation_version(nct_id: str, number: str, request: Request, member: Curator) -> Response:
    trial = _trial(request, nct_id)
    n = _version_number(number)
    store = _services(request).store
    try:
        version = await run_in_threadpool(store.version, trial.nct_id, n)
    except VersionNotFoundError:
        raise _missing_version(trial, n) from None
    current = await run_in_threadpool(store.current, trial.nct_id)
    taxonomy = _runtime(request).catalog.catalog.taxonomy
    return render(
        request,
        "curation_version.html",
        {
            "trial": trial,
            "version": version,
            "in_force": current is not None and current.number == version.number,
            "describe": lambda c: detail(c, taxonomy),
        },
        headers=NO_STORE,
    )


@curation_router.post(
    "/curation/{nct_id}/versions/{number}/restore",
    summary="Publish an older version again",
    dependencies=[Depends(verify_csrf)],
)
async def curation_restore(nct_id: str, number: str, request: Request, member: Curator) -> Response:
    trial = _trial(request, nct_id)
    n = _version_number(number)
    form = await _form(request)
    note = _one(form, "note").strip()[:NOTE_LIMIT] or f"restored version {n}"
    store = _services(request).store
    try:
        version = await run_in_threadpool(
            lambda: store.restore(trial.nct_id, n, by=member.name, note=note)
        )
    except VersionNotFoundError:
        raise _missing_version(trial, n) from None
    await refresh_once(_runtime(request).catalog_source)
    query = urlencode({"restored": version.number})
    return RedirectResponse(
        f"{root_path(request)}/curation/{trial.nct_id}/versions?{query}",
        status_code=303,
        headers=NO_STORE,
    )
