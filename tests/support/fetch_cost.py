"""What each Observation query strategy of the fallback fetch costs, on the bench W1 chart.

    .venv/bin/python -m tests.support.fetch_cost

The chart is served by the test FHIR server (tests/support/fhir_search.py: pages of 20 by
default, `_count` honoured up to 1000), twice: as generated (LOINC codes and categories), and
"local-coded" as a Chinese EHR sends it (every Observation coded only with a local code and a
Chinese text, no category). Each strategy is fetched by the service's own FhirFetcher; printed:
the Observations read (duplicates between queries included), the bytes, the requests, the
median wall time of 5 runs, how many of the Observations the mapper reads arrived, and of how
many of the concepts it reads the newest one arrived (the one it uses: older results are never
read).
"""

from __future__ import annotations

import copy
import statistics
import time
from datetime import timedelta
from typing import Any

from cds_service.hooks.fhir_client import FetchLimits, FhirFetcher
from fhir_mapping.terminology import observation_codes
from tests.support.fhir_server import FhirServer, running_fhir_server
from tools.bench.charts import AS_OF, W1, W2, Workload, chart_request

# The Chinese names a local lab system gives the analytes and scores the mapper reads by text.
_LOCAL_TEXT = {
    "718-7": "血红蛋白",
    "751-8": "中性粒细胞绝对值",
    "777-3": "血小板计数",
    "2160-0": "肌酐",
    "1975-2": "总胆红素",
    "1920-8": "谷草转氨酶",
    "1742-6": "谷丙转氨酶",
    "89247-1": "ECOG评分",
    "8636-3": "心电图 QTc",
    "21905-5": "临床T分期",
    "21906-3": "临床N分期",
    "21907-1": "临床M分期",
    "21908-9": "临床分期",
}


def chart_resources(workload: Workload) -> list[dict[str, Any]]:
    request = chart_request(workload, 1)
    resources: list[dict[str, Any]] = []
    for value in request["prefetch"].values():
        if value.get("resourceType") == "Bundle":
            resources.extend(entry["resource"] for entry in value["entry"])
        else:
            resources.append(value)
    return resources


def local_coded(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = copy.deepcopy(resources)
    for resource in out:
        if resource["resourceType"] != "Observation":
            continue
        loinc = resource["code"]["coding"][0]["code"]
        text = _LOCAL_TEXT.get(loinc, f"检验项目 {loinc}")
        resource["code"] = {
            "coding": [{"system": "urn:oid:2.16.156.99999.1", "code": f"L{loinc}"}],
            "text": text,
        }
        resource.pop("category", None)
    return out


def read_by_mapper(resource: dict[str, Any]) -> bool:
    coding = resource["code"].get("coding") or [{}]
    code = str(coding[0].get("code", "")).removeprefix("L")
    return code in _LOCAL_TEXT


def concept_of(resource: dict[str, Any]) -> str:
    coding = resource["code"].get("coding") or [{}]
    return str(coding[0].get("code", "")).removeprefix("L")


def newest_ids(resources: list[dict[str, Any]]) -> set[str]:
    newest: dict[str, dict[str, Any]] = {}
    for r in resources:
        if r["resourceType"] == "Observation" and read_by_mapper(r):
            kept = newest.get(concept_of(r))
            if kept is None or r["effectiveDateTime"] > kept["effectiveDateTime"]:
                newest[concept_of(r)] = r
    return {r["id"] for r in newest.values()}


def strategies(pid: str) -> dict[str, list[str]]:
    codes = ",".join(sorted(observation_codes()))
    by_code = f"Observation?patient={pid}&code={codes}"
    categories = "vital-signs,laboratory,survey,exam,procedure"

    def since(days: int) -> str:
        return f"Observation?patient={pid}&date=ge{(AS_OF - timedelta(days=days)).isoformat()}"

    return {
        "code only (before)": [by_code],
        "code + category": [by_code, f"Observation?patient={pid}&category={categories}"],
        "code + date 90 d": [by_code, since(90)],
        "code + date 365 d": [by_code, since(365)],
        "unfiltered (chosen)": [f"Observation?patient={pid}"],
    }


def measure(
    server: FhirServer, pid: str, queries: list[str], newest: set[str]
) -> tuple[int, int, int, int, int, float]:
    limits = FetchLimits(
        connect_timeout=5,
        read_timeout=10,
        deadline_seconds=30,
        max_pages=1000,
        max_response_bytes=64 * 1024 * 1024,
        page_size=200,
        max_resources=100_000,
        max_total_bytes=256 * 1024 * 1024,
    )
    fetcher = FhirFetcher(limits)
    times = []
    for _ in range(5):
        server.requests.clear()
        started = time.perf_counter()
        bundle = fetcher.fetch_all(server.base_url, {"observations": queries}, None)["observations"]
        times.append(time.perf_counter() - started)
    entries = [entry["resource"] for entry in bundle["entry"]]
    wanted = len({r["id"] for r in entries if read_by_mapper(r)})
    latest = len(newest & {r["id"] for r in entries})
    sent = sum(r.answer_bytes for r in server.requests)
    return len(entries), sent, len(server.requests), wanted, latest, statistics.median(times)


def main() -> None:
    print(
        "| chart | strategy | Observations read | bytes | requests | time | read by mapper "
        "| newest of each concept |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for workload in (W1, W2):
        pid = f"bench-{workload.name.lower()}-00001"
        generated = chart_resources(workload)
        wanted_total = sum(
            1 for r in generated if r["resourceType"] == "Observation" and read_by_mapper(r)
        )
        total = sum(1 for r in generated if r["resourceType"] == "Observation")
        newest = newest_ids(generated)
        for label, resources in (("LOINC", generated), ("local-coded", local_coded(generated))):
            with running_fhir_server() as server:
                server.serve(resources)
                for name, queries in strategies(pid).items():
                    count, sent, requests, wanted, latest, seconds = measure(
                        server, pid, queries, newest
                    )
                    print(
                        f"| {workload.name} {label} ({total} Obs.) | {name} | {count} | "
                        f"{sent / 1024:.0f} KiB | {requests} | {seconds * 1000:.0f} ms | "
                        f"{wanted}/{wanted_total} | {latest}/{len(newest)} |"
                    )


if __name__ == "__main__":
    main()
