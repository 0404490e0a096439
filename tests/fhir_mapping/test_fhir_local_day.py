"""GEN-LOCAL-DAY: an instant is dated on the hospital's calendar, the one the chart is read on.

Many FHIR servers write every instant in UTC ("...Z") whatever the hospital's zone. An ECOG a
New York nurse records at 20:00 on 24 November is `2026-11-25T01:00:00Z`; read in its own offset
it is dated the 25th, after the hospital's today, so the chart would hold it as not yet
happened and an older ECOG would decide until midnight. A Shanghai morning is the day before in
UTC, and a washout counted from it is a day too long.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from eligibility.facts import PatientFacts
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.chronology import hospital_calendar, r4_compact, r4_text, to_date
from tools.charts.chart import Chart
from tools.charts.codes import LOINC, RXNORM, concept

NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")
ECOG = concept("ECOG performance status", (LOINC, "89247-1", "ECOG Performance Status score"))
CISPLATIN = concept("cisplatin", (RXNORM, "2555", "cisplatin"))


def _facts(chart: Chart, as_of: date, zone: ZoneInfo | None) -> PatientFacts:
    return build_facts(
        [chart.bundle()], patient_id=chart.pid, as_of=as_of, cache=ValidationCache(), zone=zone
    ).facts


def _chart_with_ecog(tonight: str) -> Chart:
    chart = Chart("local-day")
    chart.patient("male", "1971-06-14")
    chart.observation(ECOG, "2026-11-10", value_integer=1)
    chart.observation(ECOG, tonight, value_integer=3)
    return chart


def test_gen_local_day_an_instant_is_dated_on_the_hospitals_calendar() -> None:
    with hospital_calendar(NEW_YORK):
        assert to_date("2026-11-25T01:00:00Z") == date(2026, 11, 24)
        assert to_date("2026-11-25T01:00:00.250+00:00") == date(2026, 11, 24)
        assert to_date("2026-11-24T20:00:00-05:00") == date(2026, 11, 24)
        assert to_date(datetime(2026, 11, 25, 1, 0, tzinfo=UTC)) == date(2026, 11, 24)
        # A date says its day already; a partial one its first day; without an offset (FHIR
        # requires one with a time) the value is read as the date it says.
        assert to_date("2026-11-25") == date(2026, 11, 25)
        assert to_date("2026-11") == date(2026, 11, 1)
        assert to_date("2026-11-25T01:00:00") == date(2026, 11, 25)
        assert to_date(datetime(2026, 11, 25, 1, 0)) == date(2026, 11, 25)
    with hospital_calendar(SHANGHAI):
        assert to_date("2026-11-24T23:30:00Z") == date(2026, 11, 25)
        assert to_date(datetime(2026, 11, 24, 23, 30, tzinfo=timezone(timedelta()))) == date(
            2026, 11, 25
        )
    # No zone named: each instant in its own offset.
    assert to_date("2026-11-25T01:00:00Z") == date(2026, 11, 25)
    assert to_date(datetime(2026, 11, 24, 20, 0, tzinfo=timezone(timedelta(hours=-5)))) == date(
        2026, 11, 24
    )


def test_gen_local_day_an_evening_ecog_written_in_utc_is_tonights_in_new_york() -> None:
    """Read at 20:30 on the 24th in New York, tonight's ECOG 3 decides; dated in its own
    offset it would be the 25th's, not yet happened, and the ECOG 1 of the 10th would."""
    chart = _chart_with_ecog("2026-11-25T01:00:00Z")
    tonight = _facts(chart, date(2026, 11, 24), NEW_YORK).latest_performance()
    assert tonight is not None
    assert (tonight.ecog, tonight.date) == (3, date(2026, 11, 24))

    in_own_offset = _facts(chart, date(2026, 11, 24), None).latest_performance()
    assert in_own_offset is not None
    assert (in_own_offset.ecog, in_own_offset.date) == (1, date(2026, 11, 10))


def test_gen_local_day_a_dose_given_on_a_shanghai_morning_is_dated_that_morning() -> None:
    """Cisplatin given at 07:30 on 25 November in Shanghai, sent as 23:30 UTC on the 24th: the
    line's drug dates (and every window counted from them) are the hospital's 25th."""
    chart = Chart("local-day-dose")
    chart.patient("male", "1971-06-14")
    chart.medication_administration(CISPLATIN, "2026-11-24T23:30:00Z")
    facts = _facts(chart, date(2026, 12, 1), SHANGHAI)
    assert [e.start for e in facts.exposures] == [date(2026, 11, 25)]


def test_gen_local_day_a_time_without_an_offset_is_the_hospitals_own_day() -> None:
    """A Shanghai evening written with no offset ("2026-11-01T17:00:00", as HIS exports write
    local times; R4 wants one): the day it says, the 1st, in every zone. Cleaning gave it "Z"
    before validation, so on Shanghai's calendar it was the 2nd; a morning in New York was the
    day before."""
    chart = Chart("local-day-naive")
    chart.patient("male", "1971-06-14")
    chart.observation(ECOG, "2026-11-01", value_integer=1)["effectiveDateTime"] = (
        "2026-11-01T17:00:00"
    )
    chart.medication_administration(CISPLATIN, "2026-11-03")["effectiveDateTime"] = (
        "2026-11-03T02:00"
    )
    for zone in (SHANGHAI, NEW_YORK, None):
        facts = _facts(chart, date(2026, 11, 25), zone)
        performance = facts.latest_performance()
        assert performance is not None
        assert (performance.date, [e.start for e in facts.exposures]) == (
            date(2026, 11, 1),
            [date(2026, 11, 3)],
        ), zone


@pytest.mark.parametrize(
    ("received", "outside", "in_shanghai"),
    [
        # VAL-DATE-FORMS: as hospital systems export dates and times.
        ("2026-10-01 09:00:00", "2026-10-01T09:00:00Z", "2026-10-01T09:00:00+08:00"),
        ("2026/10/1", "2026-10-01", "2026-10-01"),
        ("2026/10/01 9:05", "2026-10-01T09:05:00Z", "2026-10-01T09:05:00+08:00"),
        ("2026-10-01 23:59:59.5", "2026-10-01T23:59:59.5Z", "2026-10-01T23:59:59.500000+08:00"),
        # GEN-LOCAL-DAY: a time with no offset is the hospital's.
        ("2026-11-01T17:00", "2026-11-01T17:00:00Z", "2026-11-01T17:00:00+08:00"),
        # Already R4, or not a date: as received.
        ("2026-10-01", "2026-10-01", "2026-10-01"),
        ("2026-10-01T09:00:00+02:00", "2026-10-01T09:00:00+02:00", "2026-10-01T09:00:00+02:00"),
        ("2026-10-01 note", "2026-10-01 note", "2026-10-01 note"),
        ("1/2 tablet", "1/2 tablet", "1/2 tablet"),
    ],
)
def test_val_date_forms_written_the_r4_way(received: str, outside: str, in_shanghai: str) -> None:
    assert r4_text(received) == outside
    with hospital_calendar(SHANGHAI):
        assert r4_text(received) == in_shanghai
        assert to_date(received) == to_date(in_shanghai)


@pytest.mark.parametrize(
    ("received", "outside", "in_shanghai", "day"),
    [
        # VAL-DATE-FORMS: HL7 v2 dates, as interface engines' exports keep them.
        ("20261001", "2026-10-01", "2026-10-01", date(2026, 10, 1)),
        ("20261001233000", "2026-10-01T23:30:00Z", "2026-10-01T23:30:00+08:00", date(2026, 10, 1)),
        ("202610012330", "2026-10-01T23:30:00Z", "2026-10-01T23:30:00+08:00", date(2026, 10, 1)),
        # An offset of its own: dated on the hospital's calendar, as any instant.
        ("20261001233000-0500", "2026-10-01T23:30:00-05:00", None, date(2026, 10, 2)),
        # Not a date: no day.
        ("00000000", "0000-00-00", None, None),
    ],
)
def test_val_date_forms_hl7_v2_dates(
    received: str, outside: str, in_shanghai: str | None, day: date | None
) -> None:
    assert r4_compact(received) == outside
    with hospital_calendar(SHANGHAI):
        assert r4_compact(received) == (in_shanghai or outside)
        assert to_date(received) == day
