"""Eligibility: evaluates `PatientFacts` against trials. Knows nothing of HTTP or FHIR.

Modules, in the order data flows through them:

- `facts`, `vocabulary`, `codes`, `taxonomy`: what is known about a patient (built by
  fhir_mapping) and the shared vocabularies.
- `criteria`: the criterion models (a discriminated union on `type`); `trial`: the `Trial` model.
- `rules`: what each criterion type decides for a patient, and why — `rules.decision` (the
  `Decision` every rule returns), `rules.combinators` (all_of / any_of / not) and one module per
  clinical topic (`disease`, `performance`, `demographics`, `therapy`, `cardiac`, `labs`,
  `comorbidities`, `biomarkers`, `free_text`), registered by type in `rules.LEAF_RULES`;
  `logic`: Kleene's three-valued AND / OR / NOT; `phrasing`: how reasons are worded.
- `compilation`: criteria prepared once at load and decided once per patient.
- `index`: which trials a patient is worth evaluating against (by cancer-type node).
- `catalog`: the immutable, indexed set of trials and the curated-file loader;
  `compaction`: keeps a large catalog small in memory.
- `matching`: `Matcher` and `TrialMatch`; `results`: checklist lines and the verdict rule;
  `review_topics`: the topic of an item left for manual review (card and checklist page).
- `holder`: the service's current catalog, swappable without a restart.
- `caches`: `BoundedLru` (large values, an exact bound) and `BoundedMemo` (small values, a
  cheaper hit), the bounded caches every package uses, and the registry that lists and clears
  them (here, the lowest layer, so every package may import it).
"""
