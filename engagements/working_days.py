"""Working days in England and Wales: weekends and bank holidays do not count.

The holidays are data (bank_holidays.json beside this file), so adding a year is adding a line.
Response deadlines are counted in these days (DESIGN §3: 15 working days from submission,
configurable per institution).
"""

import datetime
import json
from functools import cache
from pathlib import Path

HOLIDAYS_FILE = Path(__file__).with_name("bank_holidays.json")


@cache
def bank_holidays() -> frozenset[datetime.date]:
    data = json.loads(HOLIDAYS_FILE.read_text())
    return frozenset(datetime.date.fromisoformat(day) for day in data["england-and-wales"])


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the start day itself never counts)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days after `start`, up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
