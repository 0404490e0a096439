"""Which Specimens a chart's results need and the chart does not hold, read from the raw
resources before mapping (the service fetches only those, VAL-LAB-PANEL).

A creatinine, bilirubin or haemoglobin result whose `specimen` refers to a Specimen may be the
urine's under the serum's name: only the Specimen's type says (specimens.py). No prefetch
template asks for Specimens, so a hook call holds one only when the chart came as a Bundle. A
chart whose results refer to no Specimen, or only to Specimens it holds, needs none: the hot
path stays one round of queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fhir_mapping.measurements import sample_to_look_up
from fhir_mapping.selection import flatten


def unheld_specimens(resources: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The ids of the Specimens the chart's Observations need read and it does not hold, each
    once, in the order first referred to."""
    held: set[str] = set()
    wanted: dict[str, None] = {}
    for resource, _ in flatten(resources):
        # Most resources name no specimen: one lookup each on the hot path.
        if "specimen" in resource and resource.get("resourceType") == "Observation":
            key = sample_to_look_up(resource)
            if key is not None:
                wanted[key] = None
        elif resource.get("resourceType") == "Specimen" and isinstance(resource.get("id"), str):
            held.add(f"Specimen/{resource['id']}")
    return tuple(key.removeprefix("Specimen/") for key in wanted if key not in held)


__all__ = ["unheld_specimens"]
