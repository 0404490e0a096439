"""Pre-screening: every patient of a FHIR Bulk Data export against the catalog, the same mapping
and matching as the hook (`cds_service.hooks.pipeline.map_and_match`), so a patient's verdicts
are the same in the chart and on a trial's worklist.

Modules, in the order a run goes through them:
- `export_reader`: the export's NDJSON files, streamed, and whose patient each resource is;
- `partitioning`: resources hashed to disk by patient id, in partitions of at most the memory
  bound's number of patients, and the shared Medications beside them;
- `patient_job`: one partition -> each patient's worklist entries (the per-patient function is
  the hook's), run once per worker process with its own catalog (`worker_catalog`);
- `engines`: where partitions run: `local` processes or a Dask cluster;
- `reuse`: the previous run's results of unchanged patients (incremental re-runs);
- `worklists`: `worklist-<NCT>.csv` files and `WorklistStore`, the database tables the staff
  pages read; `summary`: `summary.json`;
- `run`: `run_prescreen`, which puts them together; `errors`.
"""
