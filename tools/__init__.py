"""Developer tools, run from a source checkout and never shipped in the wheel or the image:
the benchmark (`bench/`, `make bench`), the load test (`loadtest`, `make loadtest`), the
uvicorn subprocess both drive (`service_process`), and `spec_checks`, which tests use to hold
every response to the CDS Hooks spec and to OncoMatch's card contract."""
