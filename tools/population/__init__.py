"""A synthetic hospital population written as a FHIR Bulk Data export, for `make bench-prescreen`.

- `patients`: one patient's chart (mixed cancers and stages, ~300 resources), drawn from a seed
  and the patient's number with the benchmark's chart steps (`tools.bench.charts.BenchChart`);
- `export`: the population streamed to disk as NDJSON, one file per resource type, with the
  `$export` manifest; never more than one chart in memory.
"""
