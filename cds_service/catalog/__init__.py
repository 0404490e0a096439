"""Where the catalog comes from and how the running service follows it: curated files, trials
imported from ClinicalTrials.gov, and the refresh that swaps them in without a restart."""
