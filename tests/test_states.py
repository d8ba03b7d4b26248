"""States: countries an actor is or stands for, state roles and their tenure (no model)."""

from __future__ import annotations

from datetime import date

import pytest

from detente.states import (
    StateRole,
    country_of_names,
    is_former,
    is_state_role,
    role_countries,
    state_role_of,
)


@pytest.mark.parametrize(
    ("role", "codes"),
    [
        ("Australian prime minister", {"AUS"}),
        ("South Korean foreign minister", {"KOR"}),
        ("former French president", {"FRA"}),
        ("Australia's prime minister", {"AUS"}),
        ("prime minister", set()),
        ("Ardenian prime minister", set()),  # an invented country names no state we know
    ],
)
def test_role_countries(role: str, codes: set[str]) -> None:
    assert role_countries(role) == codes


@pytest.mark.parametrize(
    ("role", "state", "former"),
    [
        ("Australian prime minister", True, False),
        ("former French president", True, True),
        ("ex-foreign minister", True, True),
        ("ex-president", True, True),
        ("then-president", True, False),  # held at the time told of
        ("Ukrainian ambassador", True, False),
        ("vice president", True, False),
        ("national security adviser", True, False),
        ("Democratic speaker", False, False),
        ("governor", False, False),
        ("party president", False, False),
        ("chief executive", False, False),
    ],
)
def test_state_roles_and_former_ones(role: str, state: bool, former: bool) -> None:
    assert is_state_role(role) is state
    assert is_former(role) is former


@pytest.mark.parametrize(
    ("names", "kind", "code"),
    [
        (("France",), "country", "FRA"),
        (("Kremlin",), "organization", "RUS"),
        (("Canberra",), "organization", "AUS"),
        (("Canberra",), "person", None),  # a person called so is no seat
        (("Harbor Wire",), "organization", None),
    ],
)
def test_country_of_names(names: tuple[str, ...], kind: str, code: str | None) -> None:
    assert country_of_names(names, kind) == code


def test_a_state_role_is_held_until_the_first_former_after_the_last_current() -> None:
    role = state_role_of(
        ["Australian prime minister", "former prime minister"],
        [
            (date(2021, 6, 1), ["prime minister"]),
            (date(2021, 11, 2), ["Australian prime minister"]),
            (date(2023, 6, 22), ["former prime minister"]),
            (date(2024, 1, 5), ["former prime minister"]),
        ],
    )
    assert role == StateRole("AUS", until=date(2023, 6, 22))
    assert role.holds(date(2021, 9, 15)) and role.holds(None)
    assert not role.holds(date(2023, 7, 1))


@pytest.mark.parametrize(
    ("roles", "affiliated", "expected"),
    [
        (["interior minister"], "FRA", StateRole("FRA")),  # the country from the affiliation
        (["interior minister"], None, None),  # an office of no known state
        (["French president", "German chancellor"], None, None),  # two states: none
        (["senator"], "USA", None),  # a legislator does not act for the state
    ],
)
def test_state_role_of_needs_one_state(
    roles: list[str], affiliated: str | None, expected: StateRole | None
) -> None:
    assert state_role_of(roles, (), affiliated) == expected
