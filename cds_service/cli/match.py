"""`oncomatch match FILE`: the hook, in-process, for integration engineers.

Prints each evaluated trial's checklist as a table (not-eligible trials included, so a reader
sees why a trial got no card) under where its criteria come from (a site's curated version, a
catalog file, or the extractor), or with --json the exact hook response the service would send.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import orjson
from pydantic import ValidationError

from cds_service.cli.wording import counted
from cds_service.hooks.pipeline import MatchingPipeline
from cds_service.hooks.request import HookRequest
from cds_service.http.errors import ServiceError
from cds_service.service import build_runtime
from cds_service.settings import AuthMode, Settings
from eligibility.matching import TrialMatch
from eligibility.provenance import provenance_line
from fhir_mapping import load_hook_input
from fhir_mapping.errors import FhirMappingError

_MARK = {"met": "MET", "not_met": "NOT MET", "unknown": "UNKNOWN"}


def run_match(path: Path, *, as_json: bool, out: TextIO, err: TextIO) -> int:
    try:
        payload = load_hook_input(path)
    except (OSError, FhirMappingError, ValueError) as error:
        err.write(f"cannot read {path}: {error}\n")
        return 2
    settings = Settings(auth=AuthMode.OFF)
    runtime = build_runtime(settings)
    try:
        request = HookRequest.model_validate(payload)
        context = request.patient_view_context()
        response = runtime.answer_hook(request, context)
    except ValidationError as error:
        err.write(f"{path} is not a valid patient-view request: {error.error_count()} problem(s)\n")
        for problem in error.errors():
            location = ".".join(str(part) for part in problem["loc"])
            err.write(f"  {location}: {problem['msg']}\n")
        return 2
    except ServiceError as error:
        err.write(f"HTTP {error.status_code}: {error.message}\n")
        return 2
    if as_json:
        out.write(orjson.dumps(response.to_wire(), option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    pipeline = runtime.pipeline
    assert isinstance(pipeline, MatchingPipeline)
    resolved = runtime.resolver.resolve(request, context)
    matches = pipeline.checklists(resolved.resources, patient_id=context.patient_id)
    if not matches:
        out.write("No trial in the catalog could apply to this patient's cancer type.\n")
    for match in matches:
        out.write(render_checklist(match))
    out.write(f"{counted(len(response.cards), 'card')} in the hook response.\n")
    return 0


def render_checklist(match: TrialMatch) -> str:
    trial = match.trial
    lines = [
        f"{trial.nct_id}  {trial.short_title or trial.title}",
        f"criteria: {provenance_line(trial)}",
        f"verdict: {match.verdict}",
    ]
    rows = [("criterion", "status", "why")] + [
        (result.label, _MARK[str(result.status)], result.reason) for result in match.results
    ]
    label_width = min(48, max(len(row[0]) for row in rows))
    status_width = max(len(row[1]) for row in rows)
    for label, status, reason in rows:
        shown = label if len(label) <= label_width else label[: label_width - 1] + "…"
        lines.append(f"  {shown.ljust(label_width)}  {status.ljust(status_width)}  {reason}")
    return "\n".join(lines) + "\n\n"
