"""`oncomatch`: serve, match a bundle, manage the catalog and the database, report feedback."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer

from cds_service.cli.catalog import catalog_app
from cds_service.cli.curation import curation_app
from cds_service.cli.db import db_app
from cds_service.cli.errors import database_errors, load_settings
from cds_service.cli.prescreen import prescreen
from cds_service.cli.staff import staff_app
from cds_service.cli.table import print_table
from cds_service.cli.wording import counted
from cds_service.startup import StartupError, startup_settings

app = typer.Typer(
    help="OncoMatch: CDS Hooks service suggesting oncology trials.",
    no_args_is_help=True,
    add_completion=False,
)
feedback_app = typer.Typer(help="What clinicians did with the cards.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(feedback_app, name="feedback")
app.add_typer(db_app, name="db")
app.add_typer(staff_app, name="staff")
app.add_typer(curation_app, name="curation")
app.command()(prescreen)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8080,
    workers: Annotated[int, typer.Option(help="Worker processes", min=1)] = 1,
) -> None:
    """Start the CDS Hooks service (uvicorn)."""
    import uvicorn

    from cds_service.service import open_database

    try:
        settings = startup_settings()
    except StartupError as error:
        for line in str(error).splitlines():
            typer.echo(f"cannot start: {line}", err=True)
        raise typer.Exit(2) from None
    # The schema once, before uvicorn spawns workers: upgraded, or refused in one line when it
    # is behind and ONCOMATCH_AUTO_MIGRATE is off (each worker would otherwise say it).
    with database_errors("cannot start"):
        open_database(settings).dispose()
    if "public_base_url" not in settings.model_fields_set:
        # Card links must point where this server actually listens (`make run PORT=8090`);
        # the app reads its settings in the worker processes, so it is told through the
        # environment. A wildcard bind has no single address: links then name the loopback.
        link_host = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host  # noqa: S104
        if ":" in link_host:
            link_host = f"[{link_host}]"
        os.environ["ONCOMATCH_PUBLIC_BASE_URL"] = f"http://{link_host}:{port}"
    if settings.auth.value == "off":
        typer.echo(
            f"OncoMatch on http://{host}:{port}: auth is OFF (ONCOMATCH_AUTH=off), "
            "for local trial only; never expose it to a network."
        )
    uvicorn.run(
        "cds_service.app:app",
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
    )


@app.command()
def match(
    path: Annotated[Path, typer.Argument(help="A Bundle, a patient-view request, or NDJSON")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the exact hook response")] = False,
) -> None:
    """Run the hook on a file and print each trial's checklist."""
    from cds_service.cli.match import run_match

    raise typer.Exit(run_match(path, as_json=as_json, out=sys.stdout, err=sys.stderr))


@catalog_app.command("validate")
def catalog_validate(
    directory: Annotated[
        Path | None, typer.Argument(help="A folder of NCT*.json files; default: the shipped one")
    ] = None,
) -> None:
    """Load and validate the curated catalog; name the file and field of every mistake."""
    from eligibility.catalog import find_catalog_problems, load_curated_catalog

    problems = find_catalog_problems(directory)
    if problems:
        for problem in problems:
            typer.echo(f"catalog invalid: {problem}", err=True)
        raise typer.Exit(1)
    typer.echo(f"catalog valid: {counted(len(load_curated_catalog(directory)), 'trial')}")


@feedback_app.command("report")
def feedback_report(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Accepted / overridden counts per trial and override reason."""
    from cds_service.service import open_database
    from cds_service.storage.feedback import UNKNOWN_CARD, FeedbackStore

    with database_errors():
        engine = open_database(load_settings())
        rows = FeedbackStore(engine).summary()
        engine.dispose()
    if as_json:
        payload = [
            {
                "nctId": row.nct_id,
                "cardIssued": row.nct_id != UNKNOWN_CARD,
                "verdict": row.verdict,
                "outcome": row.outcome,
                "overrideReason": row.override_reason,
                "count": row.count,
            }
            for row in rows
        ]
        typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    if not rows:
        typer.echo("no feedback recorded yet")
        return
    issued = [r for r in rows if r.nct_id != UNKNOWN_CARD]
    unknown = [r for r in rows if r.nct_id == UNKNOWN_CARD]
    if issued:
        header = ("trial", "verdict shown", "outcome", "override reason", "count")
        print_table(
            header,
            [
                (r.nct_id, r.verdict or "-", r.outcome, r.override_reason or "-", str(r.count))
                for r in issued
            ],
        )
    if unknown:
        # Apart: these say nothing about a trial, and may be another service's cards.
        total = sum(r.count for r in unknown)
        typer.echo(f"\nfeedback on cards this service did not issue: {total}")
        print_table(
            ("outcome", "override reason", "count"),
            [(r.outcome, r.override_reason or "-", str(r.count)) for r in unknown],
        )


@app.command()
def loadtest(
    duration: Annotated[float, typer.Option(help="Seconds of load", min=0.5)] = 20.0,
    concurrency: Annotated[int, typer.Option(help="Concurrent client threads", min=1)] = 8,
    bundles: Annotated[Path, typer.Option(help="Folder of Bundles to send")] = Path("test_bundles"),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Start the service on loopback (auth off, temp data dir) and drive it with hook calls."""
    _require_developer_tools("loadtest")
    from tools.loadtest import LoadTestError, run_loadtest
    from tools.service_process import ServiceStartError

    try:
        report = run_loadtest(duration=duration, concurrency=concurrency, bundles_dir=bundles)
    except (LoadTestError, ServiceStartError) as error:
        typer.echo(f"load test failed to run: {error}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2).decode())
    else:
        typer.echo(report.to_text())
    if report.errors:
        raise typer.Exit(1)


@app.command()
def bench(
    out: Annotated[Path, typer.Option(help="Output folder (bench.json, latency.png)")] = Path(
        "bench-results"
    ),
    trials: Annotated[int, typer.Option(help="Synthetic trials", min=1)] = 25_000,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic catalog and charts")] = (
        20261125
    ),
    quick: Annotated[bool, typer.Option(help="Tiny sizes: a smoke run, numbers meaningless")] = (
        False
    ),
    plot: Annotated[bool, typer.Option(help="Draw latency.png (needs matplotlib)")] = True,
) -> None:
    """Benchmark the hook: real server over HTTP, stages in process, floor, naive baseline."""
    from dataclasses import replace

    _require_developer_tools("bench")
    from tools.bench.runner import QUICK, BenchConfig, run

    config = QUICK if quick else BenchConfig()
    config = replace(config, seed=seed, plot=plot and not quick)
    if not quick or trials != 25_000:
        config = replace(config, trials=trials)
    run(config, out)


def _require_developer_tools(target: str) -> None:
    """The load test and the benchmark live in the source checkout's `tools` package, which the
    wheel and the Docker image do not ship: say so instead of an ImportError's traceback."""
    try:
        found = importlib.util.find_spec("tools.service_process") is not None
    except ModuleNotFoundError:
        found = False
    if not found:
        typer.echo(
            f"oncomatch {target} needs the developer tools of a source checkout: "
            f"run `make {target}` there",
            err=True,
        )
        raise typer.Exit(2)


def main() -> None:  # pragma: no cover - console entry point
    app()
