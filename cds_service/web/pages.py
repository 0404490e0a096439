"""The web pages and the JSON check API. Thin: read input, call the catalog/matcher, render.

These pages are for people on the hospital network and are not behind the CDS Hooks JWT (an EHR
signs its hook calls; a browser has no such token). `/match/{token}` is protected by its token
alone: random, stored server-side, expiring, and the page shows no patient identifiers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from cards.checklist_markdown import verdict_words
from cards.more_card import ALL_MATCHES
from cds_service.http.errors import NotFoundError
from cds_service.http.json_body import read_json_object
from cds_service.http.json_response import JsonResponse
from cds_service.runtime import Runtime
from cds_service.storage.match_tokens import StoredMatch
from cds_service.web.checklist import STATUS_TEXT, ChecklistView, checklist_json
from cds_service.web.describe import detail, faq, month_year
from cds_service.web.errors import PageNotFoundError
from cds_service.web.facts_form import (
    Answers,
    CheckForm,
    CheckInputError,
    facts_from_answers,
    form_for,
    parse_form,
    parse_json,
)
from cds_service.web.search import TrialQuery, facets, search
from cds_service.web.templating import render, root_path
from cds_service.web.topics import group_by_topic, topic_of
from eligibility.criteria import Criterion, walk
from eligibility.matching import TrialMatch
from eligibility.provenance import criteria_caveat, provenance_line
from eligibility.results import CriterionStatus, Verdict
from eligibility.trial import Trial

web_router = APIRouter(include_in_schema=True, tags=["web pages"])

NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _trial_or_404(runtime: Runtime, nct_id: str) -> Trial:
    trial = runtime.catalog.catalog.get(nct_id.strip().upper())
    if trial is None:
        raise PageNotFoundError(
            f"No trial {nct_id!r} in this OncoMatch catalog. It may have been removed, or the "
            "identifier may be mistyped.",
            title="Trial not found",
        )
    return trial


@web_router.get("/trials", summary="Search the trial catalog (HTML)")
async def trial_list(request: Request) -> Response:
    runtime = _runtime(request)
    catalog = runtime.catalog.catalog
    query = TrialQuery.from_params(dict(request.query_params))
    found = search(catalog, query)

    def page_link(page: int) -> str:
        params = query.params(page=page)
        return f"{root_path(request)}/trials" + (f"?{urlencode(params)}" if params else "")

    return render(
        request,
        "trial_list.html",
        {
            "query": query,
            "found": found,
            "facets": facets(catalog),
            "page_link": page_link,
            "catalog_as_of": catalog.data_as_of,
            "month_year": month_year,
        },
    )


def _trial_context(trial: Trial, runtime: Runtime) -> dict[str, Any]:
    taxonomy = runtime.catalog.catalog.taxonomy

    def described(criterion: Criterion) -> str:
        return detail(criterion, taxonomy)

    return {
        "trial": trial,
        "criteria_groups": group_by_topic(trial.criteria, topic_of),
        "describe": described,
        "faq": faq(trial),
        "as_of": month_year(trial),
        "form": form_for(trial, taxonomy),
        "answers": Answers(),
        "errors": {},
        "error_message": None,
        "result": None,
        "status_text": STATUS_TEXT,
        "for_patient": None,
        "not_suggested": runtime.catalog.referral.why_not(trial),
        "provenance": provenance_line(trial),
        "criteria_caveat": criteria_caveat([trial]),
    }


@web_router.get("/trials/{nct_id}", summary="A trial's page (HTML)")
async def trial_page(nct_id: str, request: Request) -> Response:
    runtime = _runtime(request)
    trial = _trial_or_404(runtime, nct_id)
    return render(request, "trial.html", _trial_context(trial, runtime))


@web_router.get("/trials/{nct_id}/check", include_in_schema=False)
async def check_form_redirect(nct_id: str, request: Request) -> Response:
    trial = _trial_or_404(_runtime(request), nct_id)
    return RedirectResponse(f"{root_path(request)}/trials/{trial.nct_id}#check", status_code=303)


@web_router.post("/trials/{nct_id}/check", summary="'Check if I qualify' form (HTML)")
async def check_form(nct_id: str, request: Request) -> Response:
    runtime = _runtime(request)
    trial = _trial_or_404(runtime, nct_id)
    context = _trial_context(trial, runtime)
    form: CheckForm = context["form"]
    data = await request.form()
    raw = {key: [str(v) for v in data.getlist(key) if isinstance(v, str)] for key in data}
    try:
        answers = parse_form(form, raw)
    except CheckInputError as error:
        context["errors"] = {p.location: p.message for p in error.problems if p.location}
        context["error_message"] = "Some answers need correcting before the check can run."
        context["answers"] = _echo(form, raw)
        return render(request, "trial.html", context, status_code=400, headers=NO_STORE)
    match = await run_in_threadpool(_evaluate, runtime, trial, form, answers)
    context["answers"] = answers
    context["result"] = ChecklistView.of(match)
    context["for_patient"] = _for_patient(trial, match, context["describe"])
    return render(request, "trial.html", context, headers=NO_STORE)


def _for_patient(
    trial: Trial, match: TrialMatch, describe: Callable[[Criterion], str]
) -> dict[str, list[str]]:
    """The form's result in a patient's words: what rules the trial out, and what the trial
    needs to know that the answers did not say (to ask the doctor), each as the trial page
    words the criterion, not as the EHR checklist reasons it."""
    by_id = {c.id: c for top in trial.criteria for c in walk(top)}

    def said(status: CriterionStatus) -> list[str]:
        return [
            describe(by_id[r.id]) if r.id in by_id else r.label
            for r in match.results
            if r.status is status and not r.manual_review
        ]

    return {"not_met": said(CriterionStatus.NOT_MET), "ask": said(CriterionStatus.UNKNOWN)}


def _echo(form: CheckForm, raw: dict[str, list[str]]) -> Answers:
    """What was typed, put back into the form next to its error message."""
    values: dict[str, str | float | tuple[str, ...] | None] = {}
    for f in form.fields:
        given = raw.get(f.name, [])
        values[f.name] = tuple(given) if f.kind == "checkboxes" else (given[0] if given else None)
    return Answers(values)


def _evaluate(runtime: Runtime, trial: Trial, form: CheckForm, answers: Answers) -> TrialMatch:
    catalog = runtime.catalog
    facts = facts_from_answers(
        form, answers, as_of=runtime.today(), taxonomy=catalog.catalog.taxonomy
    )
    return catalog.matcher.evaluate(trial, facts)


@web_router.post("/api/trials/{nct_id}/check", summary="Check answers against a trial (JSON)")
async def check_api(nct_id: str, request: Request) -> Response:
    runtime = _runtime(request)
    trial = runtime.catalog.catalog.get(nct_id.strip().upper())
    if trial is None:
        raise NotFoundError(f"no trial {nct_id!r} in the catalog")
    form = form_for(trial, runtime.catalog.catalog.taxonomy)
    body = await read_json_object(request)
    answers = parse_json(form, body)
    match = await run_in_threadpool(_evaluate, runtime, trial, form, answers)
    return JsonResponse(checklist_json(match), headers={"Cache-Control": "no-store"})


@web_router.get("/api/trials/{nct_id}/check", summary="The questions a trial's check asks (JSON)")
async def check_questions(nct_id: str, request: Request) -> Response:
    runtime = _runtime(request)
    trial = runtime.catalog.catalog.get(nct_id.strip().upper())
    if trial is None:
        raise NotFoundError(f"no trial {nct_id!r} in the catalog")
    form = form_for(trial, runtime.catalog.catalog.taxonomy)
    fields = []
    for f in form.fields:
        item: dict[str, Any] = {"name": f.name, "label": f.label, "kind": f.kind}
        if f.options:
            item["options"] = [value for value, _ in f.options if value]
        for key, value in (("minimum", f.minimum), ("maximum", f.maximum), ("unit", f.unit)):
            if value is not None:
                item[key] = value
        if f.integer:
            item["integer"] = True
        fields.append(item)
    return JsonResponse({"nctId": trial.nct_id, "fields": fields})


@web_router.get("/match/{token}", summary="The checklist behind a card's link (HTML)")
async def match_page(token: str, request: Request) -> Response:
    runtime = _runtime(request)
    stored = await _stored_match(runtime, token)
    if stored.nct_id == ALL_MATCHES:
        return await _all_matches_page(request, runtime, token, stored)
    return await _checklist_page(request, runtime, stored, stored.nct_id)


@web_router.get(
    "/match/{token}/trials/{nct_id}", summary="One trial's checklist from a full-list link (HTML)"
)
async def match_list_entry(token: str, nct_id: str, request: Request) -> Response:
    runtime = _runtime(request)
    stored = await _stored_match(runtime, token)
    if stored.nct_id != ALL_MATCHES:
        # A one-trial link opens that trial only: a token grants no more than its card showed.
        raise _link_gone(runtime)
    return await _checklist_page(request, runtime, stored, nct_id.strip().upper())


def _link_gone(runtime: Runtime) -> PageNotFoundError:
    return PageNotFoundError(
        "This checklist link is unknown or has expired. Links from OncoMatch cards are valid "
        f"for {runtime.settings.match_token_ttl_hours:g} hours; open the patient's chart again "
        "to get a fresh one.",
        title="Checklist link expired or unknown",
    )


async def _stored_match(runtime: Runtime, token: str) -> StoredMatch:
    stored = await run_in_threadpool(runtime.tokens.get, token, runtime.clock())
    if stored is None:
        raise _link_gone(runtime)
    return stored


async def _checklist_page(
    request: Request, runtime: Runtime, stored: StoredMatch, nct_id: str
) -> Response:
    trial = runtime.catalog.catalog.get(nct_id)
    if trial is None:
        raise PageNotFoundError(
            f"Trial {nct_id} is no longer in the OncoMatch catalog.",
            title="Trial no longer listed",
        )
    match = await run_in_threadpool(runtime.catalog.matcher.evaluate, trial, stored.facts)
    return render(
        request,
        "match.html",
        {
            "trial": trial,
            "result": ChecklistView.of(match),
            "stored": stored,
            "status_text": STATUS_TEXT,
            "as_of": month_year(trial),
            "provenance": provenance_line(trial),
            "criteria_caveat": criteria_caveat([trial]),
        },
        headers=NO_STORE,
    )


async def _all_matches_page(
    request: Request, runtime: Runtime, token: str, stored: StoredMatch
) -> Response:
    """Every trial this patient may qualify for, as the cards ranked them, each linking to its
    checklist under the same token."""
    matcher = runtime.catalog.matcher
    matches = await run_in_threadpool(
        lambda: list(
            matcher.rank(stored.facts, minimum_verdict=Verdict(runtime.settings.minimum_verdict))
        )
    )
    return render(
        request,
        "match_list.html",
        {
            "matches": matches,
            "stored": stored,
            "entry_href": lambda nct_id: f"{root_path(request)}/match/{token}/trials/{nct_id}",
            "verdict_words": verdict_words,
            "criteria_caveat": criteria_caveat(m.trial for m in matches),
        },
        headers=NO_STORE,
    )


def error_page(request: Request, error: PageNotFoundError) -> Response:
    """The HTML page for a `PageNotFoundError` (see `cds_service.http.error_handlers`)."""
    return render(
        request,
        "not_found.html",
        {"title": error.title, "message": error.message},
        status_code=error.status_code,
        headers=NO_STORE,
    )
