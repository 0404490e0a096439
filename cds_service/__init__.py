"""The HTTP service: CDS Hooks endpoints, the people-facing pages, storage and the CLI.

It reads a call, hands FHIR resources to `fhir_mapping`, the facts to `eligibility`, the
matches to `cards`, and writes the answer. Modules, by responsibility:

- `app` (the ASGI app, `cds_service.app:app`), `service` (the app factory), `settings`
  (ONCOMATCH_* variables), `runtime` (the long-lived objects routes share), `clock` (the
  injected time and ids), `logging_setup`, `metrics` (`/metrics`).
- `hooks/`: the CDS Hooks endpoints. `routes`, `discovery`, `request` (the typed hook and
  feedback calls), `client_auth` (the client JWT on every call), `prefetch` and `fhir_client`
  (the chart, prefetched or fetched), `turns` (a call's turn at the CPU), `pipeline`
  (resources -> facts -> matches -> cards), `chart_cache` (a chart opened again, unchanged).
- `http/`: HTTP plumbing any route uses. `errors` and `error_handlers` (the one place errors
  become responses), `body_limit`, `json_body`, `json_response`.
- `storage/`: the database. `db` (engine, base, write lock), `feedback`, `match_tokens`.
- `catalog/`: where trials come from. `source` (curated files, imports, synthetic), `store`
  (imported trials), `refresh` (follow imports without a restart), `ctgov_sync`
  (ClinicalTrials.gov API v2).
- `auth/`: a self-contained library that verifies CDS clients' JWTs.
- `web/`: server-rendered pages for people (catalog, trial pages, checklists, the form).
- `prescreen/`: every patient of a FHIR Bulk Data export against the catalog, with the hook's
  own mapping and matching: worklists per trial (CSV and `WorklistStore`) and a summary, on
  local processes or a Dask cluster.
- `staff/`: staff sign-in. `roles`, `accounts`, `passwords`, `sessions` (server-side, behind a
  signed cookie), `access` (`require_staff`), `csrf`, `throttle`, `audit` (`record_action`),
  `oidc` (a hospital identity provider), `routes` (`/staff/login`, `/staff/logout`, `/staff`).
- `cli/`: `oncomatch`. `main` (serve, match, feedback, bench, loadtest), `catalog`, `match`,
  `prescreen`, `staff`.

Developer tools (benchmark, load test, spec checks) live in the top-level `tools` package,
which the wheel and the Docker image do not ship.
"""
