"""Shared helpers of the web page tests: an app with the web router, extra catalog files, a
movable clock, and HTML-to-text for assertions on what a reader sees."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from cds_service.service import create_app
from cds_service.settings import AuthMode, Settings
from cds_service.web import mount_static, web_router
from tests.support.clock import FIXED_NOW as FIXED_NOW
from tests.support.clock import MovableClock as MovableClock

SEED = "NCT07188584"


@dataclass
class WebApp:
    app: FastAPI
    clock: MovableClock = field(default_factory=MovableClock)


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"data_dir": tmp_path / "data", "auth": AuthMode.OFF}
    values.update(overrides)
    return Settings(**values)


def web_app(settings: Settings, clock: MovableClock | None = None) -> WebApp:
    """`create_app` plus the web router and static files, unless `create_app` mounts them
    itself already (it will: the pages are part of the service)."""
    clock = clock or MovableClock()
    app = create_app(settings, clock=clock)
    paths = {getattr(route, "path", None) for route in app.routes}
    if "/trials/{nct_id}" not in paths:
        app.include_router(web_router)
    if "/static" not in paths:
        mount_static(app)
    return WebApp(app, clock)


def visible_text(page: str) -> str:
    """The text a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


# --- extra catalog files -------------------------------------------------------------------------


def trial_json(
    nct_id: str,
    *,
    title: str | None = None,
    phase: str = "Phase 2",
    status: str = "RECRUITING",
    countries: Iterable[str] = ("United States",),
    criteria: list[dict[str, Any]] | None = None,
    conditions: Iterable[str] = ("Breast Cancer",),
    data_as_of: date = date(2026, 5, 1),
) -> dict[str, Any]:
    return {
        "nct_id": nct_id,
        "title": title or f"Test trial {nct_id}",
        "phase": phase,
        "overall_status": status,
        "conditions": list(conditions),
        "investigators": [{"name": "Ada Example", "role": "principal_investigator"}],
        "locations": [{"country": country} for country in countries],
        "data_as_of": data_as_of.isoformat(),
        "brief_summary": f"Summary of {nct_id}.",
        "criteria": criteria
        if criteria is not None
        else [
            {
                "type": "cancer_type",
                "id": "cancer-type",
                "label": "Breast cancer",
                "allowed": ["breast_cancer"],
            }
        ],
        "source": {"kind": "curated"},
    }


def write_catalog(directory: Path, trials: Iterable[dict[str, Any]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for trial in trials:
        (directory / f"{trial['nct_id']}.json").write_text(json.dumps(trial), encoding="utf-8")
    return directory


RICH_CRITERIA: list[dict[str, Any]] = [
    {"type": "cancer_type", "id": "ct", "label": "Breast cancer", "allowed": ["breast_cancer"]},
    {"type": "sex", "id": "sex", "label": "Female", "allowed": ["female"]},
    {"type": "age", "id": "age", "label": "Age ≥ 18", "min_years": 18},
    {
        "type": "performance_status",
        "id": "ps",
        "label": "Karnofsky ≥ 70",
        "karnofsky_min": 70,
    },
    {
        "type": "lab",
        "id": "anc",
        "label": "ANC ≥ 1.5",
        "analyte": "anc",
        "comparator": ">=",
        "value": 1.5,
        "within_days": 14,
    },
    {
        "type": "lab",
        "id": "alt",
        "label": "ALT ≤ 3 × ULN",
        "analyte": "alt",
        "comparator": "<=",
        "times_uln": 3,
    },
    {
        "type": "biomarker",
        "id": "her2",
        "label": "HER2 positive",
        "name": "HER2",
        "result": "positive",
    },
    {
        "type": "prior_therapy",
        "id": "no-cdk",
        "label": "No prior CDK4/6 inhibitor",
        "drug_class": "cdk46_inhibitor",
        "received": False,
        "section": "exclusion",
    },
    {
        "type": "comorbidity",
        "id": "no-brain",
        "label": "No brain metastases",
        "condition": "brain_metastases",
    },
    {"type": "free_text", "id": "consent", "label": "Informed consent", "text": "Signs consent"},
]
