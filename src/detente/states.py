"""States: which country an actor is or stands for, and when a person holds a state role.

Leaders act through their states (DESIGN.md): "Canberra cancelled the contract" and "France
recalled its ambassador" belong to the relation of Australia's prime minister and France's
president. This module holds the one piece of logic that says so, over plain names and roles:

* :func:`role_countries` — the countries a role names ("South Korean foreign minister" -> KOR);
* :func:`is_state_role` / :func:`is_former` — whether a role is an office of a state (head of
  state or government, minister, diplomat, officer; ``titles.tsv`` categories) and whether its
  modifier says it is no longer held ("former", "ex-", "late");
* :func:`country_of_names` — the country an actor named so is (a country's name or alias, a seat
  of government: "Kremlin", "the Elysee");
* :class:`StateRole` — the state a person stands for and until when: the one country their state
  roles name, held until the first publication that calls them "former" after the last one that
  does not (a role is read from each article it is stated in, dated by its publication).

The corpus layer (:mod:`detente.queries`) and the GDELT export use it; it reads lexicons only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from detente.lexicon import titles
from detente.lexicon.places import country_by_demonym, country_by_name, country_by_seat

__all__ = [
    "StateRole",
    "country_of_names",
    "is_former",
    "is_state_role",
    "role_countries",
    "state_role_of",
]

# Offices that act for a state. "official" is too broad as a category (mayors, CEOs, spokesmen of
# companies); the official roles that speak for a state are listed by name.
_STATE_CATEGORIES = {"head_of_state", "head_of_government", "minister", "diplomat", "military"}
_STATE_OFFICIALS = {
    "vice president",
    "national security adviser",
    "secretary of state",
    "foreign secretary",
    "defense secretary",
    "defence secretary",
    "president-elect",
}
_FORMER = re.compile(r"^(?:former|ex|ex-|late|erstwhile|one-time|onetime)\b", re.I)
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")


# Both are pure functions of a role's words, asked once per article a person is named in: a
# relation at 50,000 articles asked them 100,000 times for a few hundred distinct roles (7.6 s
# of its 9 s), so each distinct role is read once per process.
@functools.lru_cache(maxsize=65_536)
def role_countries(role: str) -> frozenset[str]:
    """ISO3 codes of the countries a role names ("South Korean foreign minister" -> {"KOR"})."""
    codes = set()
    for chunk in _CAPITALISED.findall(role):
        chunk = re.sub(r"['’]s$", "", chunk)
        whole = country_by_demonym(chunk) or country_by_name(chunk)
        if whole is not None:
            codes.add(whole.iso3)
            continue
        for word in chunk.split():
            country = country_by_demonym(word) or country_by_name(re.sub(r"['’]s$", "", word))
            if country is not None:
                codes.add(country.iso3)
    return frozenset(codes)


@functools.cache
def _state_titles() -> tuple[str, ...]:
    found = {
        t.role or t.title
        for t in titles().values()
        if t.role and (t.category in _STATE_CATEGORIES or t.role in _STATE_OFFICIALS)
    }
    # longest first, so "vice president" is not read as "president"
    return tuple(sorted(found | _STATE_OFFICIALS, key=len, reverse=True))


@functools.lru_cache(maxsize=65_536)
def is_state_role(role: str) -> bool:
    """Whether a role is an office of a state ("Australian prime minister", "former envoy")."""
    low = role.lower()
    for title in _state_titles():
        # a hyphen may join a modifier ("ex-president", "then-president"), never a longer word
        if re.search(rf"(?<!\w){re.escape(title)}(?![\w-])", low):
            return title != "president" or not _NON_STATE_PRESIDENT.search(low)
    return False


# "president of the club", "party president", "company president": not a state's president.
_NON_STATE_PRESIDENT = re.compile(
    r"\b(?:party|company|club|university|college|union|association|federation|bank|"
    r"commission|council|court|assembly|senate|parliament)\s+president\b|president of the\b",
    re.I,
)


def is_former(role: str) -> bool:
    """Whether a role's modifier says it is no longer held ("former president", "ex-minister")."""
    return _FORMER.match(role.strip()) is not None


def country_of_names(names: Iterable[str], kind: str) -> str | None:
    """The ISO3 code of the country an actor is, by its names: a country (by name or alias) or an
    organisation named as a country or by its seat of government; None otherwise."""
    if kind not in ("country", "organization"):
        return None
    for name in names:
        found = country_by_name(name) or (country_by_seat(name) if kind == "organization" else None)
        if found is not None:
            return found.iso3
    return None


@dataclass(frozen=True, slots=True)
class StateRole:
    """The state a person stands for (ISO3) and the day they are first known not to (or None)."""

    state: str
    until: date | None = None

    def holds(self, day: date | None) -> bool:
        """Whether the role is held on ``day`` (an undated event: whenever it was held)."""
        return day is None or self.until is None or day < self.until


def state_role_of(
    roles: Iterable[str],
    evidence: Iterable[tuple[date | None, Iterable[str]]] = (),
    affiliated_state: str | None = None,
) -> StateRole | None:
    """The state role of a person from all their roles and, per article, the roles stated there.

    Args:
        roles: every role the person is known by (the corpus actor's roles).
        evidence: ``(publication date, roles stated in that article)`` for each article.
        affiliated_state: the country the person is affiliated with, used when state roles name
            no country ("the interior minister", affiliated with France).

    Returns:
        The one state their state roles name (else the affiliated one), with the day the role
        is first known to be over; None when they hold no state role or roles name two states.
    """
    state_roles = [r for r in roles if is_state_role(r)]
    if not state_roles:
        return None
    named = {code for r in state_roles for code in role_countries(r)}
    if len(named) > 1:
        return None
    state = next(iter(named)) if named else affiliated_state
    if state is None:
        return None
    current: list[date] = []
    former: list[date] = []
    for published, stated in evidence:
        if published is None:
            continue
        for role in stated:
            if not is_state_role(role) or (role_countries(role) - {state}):
                continue
            (former if is_former(role) else current).append(published)
    last_current = max(current, default=None)
    ends = [d for d in former if last_current is None or d > last_current]
    return StateRole(state=state, until=min(ends, default=None))
