"""Response deadlines count working days: weekends and England and Wales bank holidays are skipped."""

import datetime

import pytest
from dateutil.easter import easter

from engagements.working_days import add_working_days, bank_holidays, is_working_day, working_days_between

D = datetime.date


def test_the_holiday_list_covers_2024_to_2028_with_eight_a_year_on_weekdays():
    days = bank_holidays()
    for year in range(2024, 2029):
        of_year = sorted(day for day in days if day.year == year)
        assert len(of_year) == 8, year
        assert all(day.weekday() < 5 for day in of_year), of_year  # substitute days, never a weekend
        # Good Friday and Easter Monday, checked against an independent Easter computation.
        assert easter(year) - datetime.timedelta(days=2) in of_year
        assert easter(year) + datetime.timedelta(days=1) in of_year


def test_weekends_and_bank_holidays_are_not_working_days():
    assert not is_working_day(D(2026, 3, 7))  # Saturday
    assert not is_working_day(D(2026, 12, 28))  # Boxing Day substitute (26th is a Saturday)
    assert is_working_day(D(2026, 3, 2))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 3, 2), 15, D(2026, 3, 23)),  # three plain weeks
        (D(2026, 3, 27), 1, D(2026, 3, 30)),  # Friday to Monday
        # Over Easter 2026: Good Friday 3 April and Easter Monday 6 April are skipped.
        (D(2026, 4, 1), 2, D(2026, 4, 7)),
        (D(2026, 3, 30), 15, D(2026, 4, 22)),
        # Christmas 2027: 25 and 26 fall at the weekend, so 27 and 28 are the holidays.
        (D(2027, 12, 24), 2, D(2027, 12, 30)),
        # New Year's Day 2028 is a Saturday: Monday 3 January is the holiday.
        (D(2027, 12, 31), 1, D(2028, 1, 4)),
        (D(2026, 3, 7), 0, D(2026, 3, 7)),
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_working_days_between_counts_what_add_working_days_adds():
    start = D(2026, 4, 1)
    for days in range(0, 30):
        assert working_days_between(start, add_working_days(start, days)) == days
