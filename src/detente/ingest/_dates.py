"""Publication dates as users and sources give them, and as pages carry them.

- :func:`parse_iso_date`: a day, ``YYYY-MM-DD`` (the command line, the Python API);
- :func:`parse_published`: a source's declared date (a JSON Lines key): an ISO date or timestamp,
  a partial ISO date (``YYYY-MM``, ``YYYY``) with its precision, or an RFC 2822 date;
- :func:`dates_in_line`: the dates of a timestamp line ("Published June 15, 2023 | Updated ...");
- :func:`dateline_date`: the date of a wire dateline ("PARIS, 15 June 2023 —");
- :func:`date_in_url`: a date in an address (``/2016/08/04/``, ``-20211101-``, ``yyyy=2016&...``).

Dates read from text and addresses are valid calendar dates and never after today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from detente.errors import InputError
from detente.records import DatePrecision

__all__ = [
    "MONTH",
    "PartialDate",
    "date_in_url",
    "dateline_date",
    "dates_in_line",
    "parse_day_bound",
    "parse_iso_date",
    "parse_published",
]

# A month name or its abbreviation, as news headers write them ("Jun.", "Sept", "June").
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Digits in an address are often ids: a date there must fall after the web's first news sites.
_URL_EARLIEST = date(1990, 1, 1)

Label = Literal["published", "updated"]


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or the year; a partial date is its first day."""

    day: date
    precision: DatePrecision = "day"


# --- declared dates -------------------------------------------------------------------------


def parse_iso_date(source: str, value: Any, *, field: str = "date") -> date:
    """Parse ``YYYY-MM-DD`` strictly (a whole ISO timestamp is accepted and cut to its day).

    What a user types (the command line, the Python API): nothing may follow the date or the
    timestamp, and every field must be in range ("2024-07-16garbage", "2024-07-16T25:00" fail).

    Raises:
        InputError: the value is not an ISO date.
    """
    day = _strict_iso_day(value.strip()) if isinstance(value, str) else None
    if day is None:
        raise InputError(
            source, f"{field} {value!r} is not an ISO date (YYYY-MM-DD, e.g. 2024-07-16)"
        )
    return day


def parse_day_bound(source: str, value: Any, *, end: bool) -> date:
    """Parse a range bound a user types: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    A month or a year stands for its first day as a start (``end=False``: ``--since 2024``
    is 2024-01-01) and for its last day as an end (``--until 2024-02`` is 2024-02-29).

    Raises:
        InputError: the value is none of these, or not a calendar date.
    """
    text = value.strip() if isinstance(value, str) else ""
    partial = re.fullmatch(r"(\d{4})(?:-(\d\d))?", text)
    if partial and int(partial[1]) >= 1 and 1 <= int(partial[2] or 1) <= 12:
        year, month = int(partial[1]), int(partial[2] or 1)
        if not end:
            return date(year, month, 1)
        if partial[2] is None or month == 12:
            return date(year, 12, 31)
        return date(year, month + 1, 1) - timedelta(days=1)
    day = _strict_iso_day(text) if text else None
    if day is None:
        raise InputError(
            source, f"{value!r} is not a valid date (YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2024-07)"
        )
    return day


def _strict_iso_day(text: str) -> date | None:
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def parse_published(source: str, value: Any, *, field: str = "published") -> PartialDate:
    """Parse a declared publication date: ISO (date, timestamp, ``YYYY-MM``, ``YYYY``) or RFC 2822.

    A timestamp with a zone keeps the day of its own zone (the publisher's day).

    Raises:
        InputError: the value is none of these, or not a calendar date ("2024-13-45").
    """
    text = value.strip() if isinstance(value, str) else ""
    partial = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", text)
    if partial:
        year, month = int(partial[1]), int(partial[2] or 1)
        if year >= 1 and 1 <= month <= 12:
            return PartialDate(date(year, month, 1), "month" if partial[2] else "year")
    elif text:
        day = _iso_day(text) or _rfc2822_day(text)
        if day is not None:
            return PartialDate(day)
    raise InputError(
        source,
        f"{field} {value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM, YYYY or a timestamp) "
        "nor an RFC 2822 date",
    )


def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _rfc2822_day(text: str) -> date | None:
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        return None


# --- dates in text --------------------------------------------------------------------------

_LABEL = re.compile(
    r"\b(?P<label>first published|published|posted|last updated|updated|modified)\b", re.I
)
_LINE_DATE = re.compile(
    rf"(?<!\d)(?P<iy>\d{{4}})-(?P<im>\d\d)-(?P<id>\d\d)(?!\d)"
    rf"|\b(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})(?!\d)"
    rf"|(?<!\d)(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH}),?\s+(?P<y2>\d{{4}})"
    rf"(?!\d)"
    rf"|(?<![\d/.])(?P<na>\d{{1,2}})(?P<sep>[/.])(?P<nb>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}})(?![\d/.])",
    re.I,
)
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Z.'’ -]{{1,40}}(?:,\s*[A-Z][\w.'’ -]{{1,30}}?)?,\s*"
    rf"(?:(?P<m1>(?i:{MONTH}))\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>(?i:{MONTH})))"
    rf"(?:,?\s+(?P<y>\d{{4}}))?\s*(?:\([^()]{{1,40}}\)\s*)?[-—–]"
)


def dates_in_line(text: str, today: date | None = None) -> list[tuple[Label | None, date]]:
    """The dates of a timestamp line, each with the label before it ("published", "updated").

    "First published" and "posted" count as published, "last updated" and "modified" as updated.
    A numeric date whose day and month could be swapped (03/04/2023) is left out.
    """
    today = today or date.today()
    labels = [(m.start(), m["label"].lower()) for m in _LABEL.finditer(text)]
    found: list[tuple[Label | None, date]] = []
    for match in _LINE_DATE.finditer(text):
        day = _line_day(match)
        if day is None or day > today:
            continue
        before = [word for start, word in labels if start < match.start()]
        label: Label | None = None
        if before:
            label = (
                "updated" if before[-1] in {"last updated", "updated", "modified"} else "published"
            )
        found.append((label, day))
    return found


def _line_day(match: re.Match[str]) -> date | None:
    if match["iy"]:
        return _safe(int(match["iy"]), int(match["im"]), int(match["id"]))
    if match["m1"]:
        return _safe(int(match["y1"]), _month(match["m1"]), int(match["d1"]))
    if match["m2"]:
        return _safe(int(match["y2"]), _month(match["m2"]), int(match["d2"]))
    a, b, year = int(match["na"]), int(match["nb"]), int(match["ny"])
    if a > 12 >= b or a == b:
        return _safe(year, b, a)  # 15/06/2023: day first
    if b > 12 >= a:
        return _safe(year, a, b)  # 06/15/2023: month first
    return None


def dateline_date(paragraph: str, reference: date | None, today: date | None = None) -> date | None:
    """The date of a dateline opening ``paragraph`` ("WASHINGTON, June 15 (Reuters) -").

    A dateline without a year takes the year that puts it nearest ``reference`` (another date of
    the article); without a reference it gives nothing.
    """
    today = today or date.today()
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    month = _month(match["m1"] or match["m2"])
    day_of_month = int(match["d1"] or match["d2"])
    if match["y"]:
        day = _safe(int(match["y"]), month, day_of_month)
        return day if day is not None and day <= today else None
    if reference is None:
        return None
    options = [_safe(reference.year + k, month, day_of_month) for k in (-1, 0, 1)]
    near = [d for d in options if d is not None and d <= today]
    return min(near, key=lambda d: abs((d - reference).days)) if near else None


# --- dates in addresses ---------------------------------------------------------------------

_URL_MONTH_PART = rf"(?P<m>\d{{1,2}}|(?i:{MONTH}))"  # "/2016/08/", "/2023/jul/"
_URL_DAY = (
    re.compile(rf"/(?P<y>\d{{4}})/{_URL_MONTH_PART}/(?P<d>\d{{1,2}})(?=[/_.-]|$)"),
    re.compile(r"(?<=[/_.-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?=[/_.-]|$)"),
    re.compile(r"(?<=[/_.-])(?P<y>\d{4})(?P<m>\d\d)(?P<d>\d\d)(?=[/_.-]|$)"),
)
_URL_MONTH = re.compile(rf"/(?P<y>\d{{4}})/{_URL_MONTH_PART}(?=/|$)")
_QUERY_KEYS = {"y": ("yyyy", "year"), "m": ("mm", "month"), "d": ("dd", "day")}


_YEAR_DIGITS = re.compile(r"[0-9]{4}")
_DAY_DIGITS = re.compile(r"[0-9]{1,2}")


def date_in_url(url: str, today: date | None = None) -> PartialDate | None:
    """A date in an address: a day (path ``/2016/08/04/``, ``/2016/aug/04/``, ``-20211101-``,
    ``/2016-08-04-``, query ``yyyy=2016&mm=06&dd=27``) or else a month (``/2016/08/``); None when
    there is none.
    """
    today = today or date.today()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items() if v}
    fields = {
        f: next((query[k] for k in keys if k in query), None) for f, keys in _QUERY_KEYS.items()
    }
    if fields["y"] and fields["m"]:
        found = _url_date(fields["y"], fields["m"], fields["d"], today)
        if found is not None:
            return found
    for pattern in _URL_DAY:
        for match in pattern.finditer(parts.path):
            found = _url_date(match["y"], match["m"], match["d"], today)
            if found is not None:
                return found
    for match in _URL_MONTH.finditer(parts.path):
        found = _url_date(match["y"], match["m"], None, today)
        if found is not None:
            return found
    return None


def _url_date(year: str, month: str, day: str | None, today: date) -> PartialDate | None:
    # ASCII digits of a calendar's width only: str.isdigit() also takes "²" and 20-digit years
    if not (_YEAR_DIGITS.fullmatch(year) and (day is None or _DAY_DIGITS.fullmatch(day))):
        return None
    if _DAY_DIGITS.fullmatch(month):
        number = int(month)
    elif re.fullmatch(MONTH, month, re.I):
        number = _month(month)
    else:
        return None
    found = _safe(int(year), number, int(day or 1))
    if found is None or not _URL_EARLIEST <= found <= today:
        return None
    return PartialDate(found, "day" if day else "month")


# --- helpers --------------------------------------------------------------------------------


def _month(name: str) -> int:
    return _MONTHS.index(name.lower()[:3]) + 1


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
