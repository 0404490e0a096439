"""`oncomatch bench`: a benchmark a skeptic can rerun.

- `catalog`: a deterministic synthetic trial catalog (ids `SYN-000001`, never NCT-like);
- `charts`: deterministic synthetic patient-view requests (W1 typical, W2 heavy);
- `naive`: the baseline a newcomer would write (validate everything, evaluate every trial);
- `server`: the real service in a uvicorn subprocess, and a bounded HTTP load generator;
- `runner`: one run on the same inputs -> table, JSON and a latency plot.
"""
