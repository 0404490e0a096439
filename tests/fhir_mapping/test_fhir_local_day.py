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

from eligibility.facts import PatientFacts
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.chronology import hospital_calendar, to_date
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
