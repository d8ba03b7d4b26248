"""Events stage: triggers, direction, modality, dates, claimants and stance quotes.

Sentences are invented (fictional leaders and outlets). Each text is analysed once with the real
spaCy model (cached); the relations tests at the end build events by hand.
"""

from __future__ import annotations

import functools
from datetime import date

import pytest

import detente
from detente.actors import ActorTable
from detente.records import ArticleAnalysis, DateRange, Event, Evidence
from detente.relations import period_of, summarize_relations, trend_of

INTRO = (
    "Norlandic Prime Minister Elena Varga and Kastorian President Anton Kessler have clashed "
    "for years. Senator Tom Hale, a Norlandic lawmaker, has followed the dispute. "
)
PUBLISHED = "2024-07-16"  # a Tuesday


@functools.cache
def _analysis(text: str) -> ArticleAnalysis:
    return detente.analyze(INTRO + text, published=PUBLISHED)


def _events(text: str) -> list[tuple[str, str, str, str]]:
    result = _analysis(text)
    names = {a.id: a.name for a in result.actors}
    start = len(INTRO)
    return [
        (names[e.source], names[e.target], e.type, e.modality)
        for e in result.events
        if e.evidence.span[0] >= start
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an act aimed at what a party owns is aimed at the party
        ("Varga mocked Kessler's predicament.", ("Elena Varga", "Anton Kessler", "ACCUSE")),
        ("Varga praised Kessler's patience.", ("Elena Varga", "Anton Kessler", "SUPPORT")),
        (
            "Italy and Portugal quarrelled. Varga denounced the behaviour of the Italian "
            "authorities.",
            ("Elena Varga", "Italy", "ACCUSE"),
        ),
        pytest.param(
            "Portugal and Chile quarrelled. Portugal shot down a Chilean drone.",
            ("Portugal", "Chile", "ASSAULT"),
            marks=pytest.mark.xfail(
                strict=True,
                reason="known error: the coder taught more MOBILIZE reads a military act as one "
                "(MOBILIZE 0.47, ASSAULT 0.18)",
            ),
        ),
        # coordinated subjects beside objects that are no party
        (
            "Varga and Kessler met on Monday for long talks.",
            ("Elena Varga", "Anton Kessler", "CONSULT"),
        ),
        (
            "The pair dined together at a hotel in June.",
            ("Elena Varga", "Anton Kessler", "CONSULT"),
        ),
        # a participle's subject is the noun it modifies
        (
            "The row ended with Chile cancelling its contract with Portugal.",
            ("Chile", "Portugal", "REJECT"),
        ),
        # a call received comes from its caller
        ("Kessler received a call from Varga.", ("Elena Varga", "Anton Kessler", "CONSULT")),
        # the one who acts on an occasion takes part in it
        (
            "Kessler said he would mend ties in a phone call with Varga.",
            ("Anton Kessler", "Elena Varga", "CONSULT"),
        ),
        # a particle the parser tags as an adverb
        ("Varga lashed back at Kessler on Monday.", ("Elena Varga", "Anton Kessler", "ACCUSE")),
        # naming someone with words of clear tone, quoted or not
        ("Varga labelled Kessler a dictator.", ("Elena Varga", "Anton Kessler", "ACCUSE")),
        (
            "Speaking on Monday, Varga referred to Kessler as a liar.",
            ("Elena Varga", "Anton Kessler", "ACCUSE"),
        ),
        ("Varga called Kessler a great friend.", ("Elena Varga", "Anton Kessler", "SUPPORT")),
        # a day is no particle: "called him on Monday" is a call, not "call on"
        ("Varga called Kessler on Monday.", ("Elena Varga", "Anton Kessler", "CONSULT")),
        # a retort answers whoever last acted on its source
        (
            "Kessler criticised Varga on Monday. Varga hit back on Tuesday.",
            ("Elena Varga", "Anton Kessler", "ACCUSE"),
        ),
        # a threat is aimed at the target of the act it names
        (
            "Kessler threatened to cut off gas supplies to Varga.",
            ("Anton Kessler", "Elena Varga", "THREATEN"),
        ),
        # the other side of a row the act is part of
        (
            "Varga hit back in her long row with Kessler.",
            ("Elena Varga", "Anton Kessler", "ACCUSE"),
        ),
        # a dateline is no subject
        (
            "SARNIC, July 15 - Prime Minister Elena Varga condemned Kessler's response.",
            ("Elena Varga", "Anton Kessler", "ACCUSE"),
        ),
        # a role noun for the one holder of the role the article names
        (
            "Varga later praised the Kastorian president.",
            ("Elena Varga", "Anton Kessler", "SUPPORT"),
        ),
    ],
)
def test_event_parties_linked_through_the_parse(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in [e[:3] for e in _events(text)]


@pytest.mark.model
def test_a_quote_is_a_stance_toward_the_one_it_names_by_pronoun() -> None:
    found = _events(
        "Kessler endorsed Varga on Monday. “I am very honoured to have his endorsement, and I "
        "thank him for it,” Varga said."
    )
    assert ("Elena Varga", "Anton Kessler", "SUPPORT", "asserted") in found


@pytest.mark.model
def test_a_quote_said_of_someone_is_a_stance_toward_them() -> None:
    found = _events("Speaking on Monday, Varga said of Kessler that he was “a reckless man”.")
    assert ("Elena Varga", "Anton Kessler", "ACCUSE", "asserted") in found


@pytest.mark.model
def test_a_participle_beside_a_vow_is_done_as_the_vow_is() -> None:
    found = _events("Varga vowed to press on, rebuffing Kessler's demands.")
    assert ("Elena Varga", "Anton Kessler", "REJECT", "asserted") in found


@pytest.mark.model
def test_a_person_tied_to_a_party_is_no_thing_of_theirs() -> None:
    # "his successor" is someone else: congratulating her is no act toward him
    found = _events("Varga congratulated Kessler's successor on Monday.")
    assert all(e[1] != "Anton Kessler" for e in found)


@pytest.mark.model
def test_a_question_put_to_someone_is_no_demand() -> None:
    assert _events("Asked on Monday whether Varga and Kessler had spoken, Hale said no.") == []
    assert _events("Varga demanded to know how Kessler would pay.") == []
    found = _events("Varga demanded that Kessler withdraw his troops.")
    assert ("Elena Varga", "Anton Kessler", "REQUEST", "asserted") in found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        # "of" gives, it is not aimed at
        ("Varga won the endorsement of Kessler on Monday.", "SUPPORT"),
        # no act toward Kessler
        ("Varga praised Hale during a summit with Kessler.", "SUPPORT"),
        # an appointment, not praise
        ("Varga named Kessler as her special envoy.", "SUPPORT"),
        # an interview with a journalist, not a word between two leaders
        ("Varga told Kessler of the Harbor Wire in an interview that it was fair.", "CONSULT"),
    ],
)
def test_rules_that_link_parties_stay_in_their_bounds(text: str, forbidden: str) -> None:
    assert ("Elena Varga", "Anton Kessler", forbidden, "asserted") not in _events(text)


@pytest.mark.model
def test_a_dissident_accusing_their_own_state_is_an_event() -> None:
    found = _events("Russian dissident Ivan Petrov accused Russia of lying about the war.")
    assert ("Ivan Petrov", "Russia", "ACCUSE", "asserted") in found


@pytest.mark.model
def test_a_warning_that_something_happened_reports_it() -> None:
    found = _events("Hale warned that Kessler had attacked Varga overnight.")
    assert ("Anton Kessler", "Elena Varga", "ASSAULT", "asserted") in found


@pytest.mark.model
def test_a_call_as_part_of_a_round_is_a_call() -> None:
    found = _events("Varga called Kessler as part of a round of calls to leaders.")
    assert ("Elena Varga", "Anton Kessler", "CONSULT", "asserted") in found


@pytest.mark.model
@pytest.mark.parametrize(
    "listener",
    [
        "lawmakers",  # testimony to a group at a hearing
        "Harbor Wire correspondent Kim Lee",  # an interview with a reporter
    ],
)
def test_telling_a_group_or_a_reporter_is_no_talk(listener: str) -> None:
    found = _events(
        f"Varga told {listener} on Monday that the deal was fair. Varga told Kessler of her doubts."
    )
    assert ("Elena Varga", "Anton Kessler", "CONSULT", "asserted") in found
    assert all(e[1] == "Anton Kessler" for e in found if e[0] == "Elena Varga")


@pytest.mark.model
def test_praise_of_the_organisation_one_heads_is_no_event() -> None:
    found = detente.analyze(
        "Acme Aerospace chief executive Dana Holt spoke on Monday. “Acme Aerospace has built "
        "a wonderful, brilliant team,” Holt said.",
        published=PUBLISHED,
    )
    assert found.events == ()


@pytest.mark.model
def test_two_who_dispute_a_claim_together_act_on_the_claim_not_each_other() -> None:
    assert _events("Varga and Kessler disputed the claim on Monday.") == []


@pytest.mark.model
def test_a_hospital_is_no_party() -> None:
    found = _events("Varga visited Kessler at the Lindmoor General Hospital on Monday.")
    assert all("Hospital" not in e[1] for e in found)


@pytest.mark.model
def test_a_threatened_act_has_not_happened() -> None:
    found = _events("Kessler threatened to attack Norland.")
    assert all(not (e[2] == "ASSAULT" and e[3] == "asserted") for e in found)


@pytest.mark.model
def test_a_retort_without_an_earlier_act_on_its_source_has_no_target() -> None:
    assert _events("Varga hit back on Tuesday.") == []


@pytest.mark.model
def test_words_without_tone_pinned_on_someone_are_no_event() -> None:
    assert _events("Varga described Kessler as the new chairman.") == []


@pytest.mark.model
def test_an_act_on_a_thing_of_the_source_own_side_is_no_event() -> None:
    # the owner is the source itself: no event between a party and itself
    assert _events("Varga defended her own record.") == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Varga congratulated Kessler on his re-election.",
            ("Elena Varga", "Anton Kessler", "SUPPORT", "asserted"),
        ),
        (
            "Kessler was criticised by Varga on Monday.",
            ("Elena Varga", "Anton Kessler", "ACCUSE", "asserted"),
        ),
        pytest.param(
            # worded unlike the coder's one training sentence of condolences
            "Varga offered her sympathy to Kessler after the floods killed dozens in his country.",
            ("Elena Varga", "Anton Kessler", "SUPPORT", "asserted"),
            marks=pytest.mark.xfail(
                strict=True,
                reason="known error: sympathy reads as a request or the offer's AGREE "
                "(0.26, 0.25; SUPPORT lower)",
            ),
        ),
        (
            "Varga's call to Kessler lasted an hour.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "asserted"),
        ),
        (
            "Kessler threatened Varga with new tariffs.",
            ("Anton Kessler", "Elena Varga", "THREATEN", "asserted"),
        ),
        (
            "Kessler expelled two diplomats and accused Varga of meddling.",
            ("Anton Kessler", "Elena Varga", "ACCUSE", "asserted"),
        ),
        (
            "Kessler has not spoken to Varga since 2021.",
            ("Anton Kessler", "Elena Varga", "REJECT", "asserted"),
        ),
        (
            "Varga will meet Kessler in Sarnic next week.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "planned"),
        ),
        (
            "Varga is expected to visit Kessler in August.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "planned"),
        ),
        (
            "Varga could visit Kessler before the election.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "hypothetical"),
        ),
        # a refusal is the act (ONTOLOGY: refuse is REJECT), not a meeting that did not happen
        ("Kessler refused to meet Varga.", ("Anton Kessler", "Elena Varga", "REJECT", "asserted")),
        (
            "Kessler declined to invite Varga to the summit.",
            ("Anton Kessler", "Elena Varga", "REJECT", "asserted"),
        ),
        ("Kessler failed to meet Varga.", ("Anton Kessler", "Elena Varga", "CONSULT", "negated")),
        # the one who refused rejects, whoever the refused act came from
        (
            "Kessler refused to take a phone call from Varga.",
            ("Anton Kessler", "Elena Varga", "REJECT", "asserted"),
        ),
        # the event coder: an act one party withholds from the other is a rejection, as plv codes
        # it ("did not invite" below); negated from outside ("failed to meet") it stays negated
        (
            "Varga did not congratulate Kessler.",
            ("Elena Varga", "Anton Kessler", "REJECT", "asserted"),
        ),
        (
            "The next meeting between Varga and Kessler is set for the autumn.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "planned"),
        ),
        (
            "Aides discussed a possible visit by Varga to Kessler.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "hypothetical"),
        ),
        (
            "Aides drew up plans for a potential meeting between Varga and Kessler.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "planned"),
        ),
        # the learned typer: a withheld invitation is a rejection, its negation the act
        (
            "Varga did not invite Kessler to the summit.",
            ("Elena Varga", "Anton Kessler", "REJECT", "asserted"),
        ),
        (
            "An agreement between Varga and Kessler?",
            ("Elena Varga", "Anton Kessler", "AGREE", "hypothetical"),
        ),
    ],
)
def test_event_type_direction_and_modality(text: str, expected: tuple[str, str, str, str]) -> None:
    assert expected in _events(text)


@pytest.mark.model
def test_coordinated_sources_give_one_event_each() -> None:
    found = _events("Varga and Hale met Kessler in Sarnic on Monday.")
    assert ("Elena Varga", "Anton Kessler", "CONSULT", "asserted") in found
    assert ("Tom Hale", "Anton Kessler", "CONSULT", "asserted") in found


@pytest.mark.model
def test_negated_events_never_count_as_asserted() -> None:
    found = _events("There are no current plans for Varga to meet Kessler.")
    assert found and all(m == "negated" for *_, m in found)


@pytest.mark.model
def test_weekday_resolves_to_the_past_day_and_evidence_is_the_sentence() -> None:
    text = "Varga telephoned Kessler on Saturday."
    result = _analysis(text)
    event = next(e for e in result.events if e.trigger == "telephoned")
    assert event.date.start == event.date.end == date(2024, 7, 13)
    assert event.evidence.sentence == text
    start, end = event.evidence.span
    assert result.article.text[start:end] == text


@pytest.mark.model
def test_group_keeps_itself_as_source_and_records_its_principal() -> None:
    result = _analysis("Two aides to Varga met Kessler in Orlek on Monday.")
    names = {a.id: a.name for a in result.actors}
    event = next(e for e in result.events if e.type == "CONSULT")
    assert names[event.source] == "Two aides to Varga"
    assert names[event.source_principal or ""] == "Elena Varga"
    assert names[event.target] == "Anton Kessler"


@pytest.mark.model
def test_claimed_by_is_the_source_of_reported_speech() -> None:
    result = _analysis("Two aides told Harbor Wire that Varga had called Kessler.")
    names = {a.id: a.name for a in result.actors}
    event = next(e for e in result.events if e.type == "CONSULT")
    assert names[event.claimed_by or ""] == "Two aides"


@pytest.mark.model
@pytest.mark.parametrize(
    ("quote", "kind", "sign"),
    [
        ('"Kessler is a coward and a liar," Varga said.', "ACCUSE", -1),
        ('"F*** Kessler," Varga said.', "ACCUSE", -1),
        ('"Kessler is a wonderful friend and a true statesman," Varga said.', "SUPPORT", 1),
        ('Varga called Kessler "a lighthouse keeper without a lamp" on Monday.', "ACCUSE", -1),
    ],
)
def test_stance_quotes_are_events_scored_by_their_tone(quote: str, kind: str, sign: int) -> None:
    result = _analysis(quote)
    names = {a.id: a.name for a in result.actors}
    stance = [e for e in result.events if e.mode in ("praise", "insult")]
    assert len(stance) == 1
    event = stance[0]
    assert (names[event.source], names[event.target], event.type) == (
        "Elena Varga",
        "Anton Kessler",
        kind,
    )
    assert event.score * sign > 0
    assert event.claimed_by == event.source


@pytest.mark.model
def test_a_quote_between_two_outside_public_life_is_no_event() -> None:
    # a coach on his player: tone of the quote, but no relation detente tracks
    found = detente.analyze(
        "Coach Bruno Falk spoke after the match on Sunday. “Daniel Brennan is a wonderful, "
        "brilliant player and a great friend,” Falk said.",
        published=PUBLISHED,
    )
    assert [e for e in found.events if e.mode in ("praise", "insult")] == []
    # the same words from a minister are a stance
    public = detente.analyze(
        "Foreign Minister Bruno Falk spoke after the match on Sunday. “Daniel Brennan is a "
        "wonderful, brilliant player and a great friend,” Falk said.",
        published=PUBLISHED,
    )
    assert [e.type for e in public.events if e.mode == "praise"] == ["SUPPORT"]


@pytest.mark.model
def test_the_thing_handed_over_is_not_the_one_it_goes_to() -> None:
    found = detente.analyze(
        "For members only, Amazon offers Apple's 13-inch MacBook Air in renewed condition for "
        "$650. Best Buy is now offering the Nest Learning Thermostat for $180. Apple later "
        "offered free keyboard repairs for all MacBooks.",
        published=PUBLISHED,
    )
    assert found.events == ()
    # the one it goes to stays the target
    assert ("Elena Varga", "Anton Kessler", "AGREE", "asserted") in _events(
        "Varga offered Kessler new talks on Monday."
    )


@pytest.mark.model
def test_an_act_wished_by_somebody_else_is_hypothetical() -> None:
    wished = [
        m
        for s, t, _, m in _events("Hale wants Varga to invite Kessler to Lindmoor.")
        if (s, t) == ("Elena Varga", "Anton Kessler")
    ]
    assert wished and set(wished) == {"hypothetical"}
    # one's own wish is a plan
    own = _events("Varga wants to meet Kessler next week.")
    assert ("Elena Varga", "Anton Kessler", "CONSULT", "planned") in own


@pytest.mark.model
def test_a_bare_handing_over_needs_a_thing_handed_and_an_act_read() -> None:
    found = detente.analyze(
        "Peru returned the stolen statues to Chile on Monday. President Ana Ruiz of Peru "
        "returned to Lima on Tuesday. Varga gave Kessler a deadline of one week to answer.",
        published=PUBLISHED,
    )
    names = {a.id: a.name for a in found.actors}
    pairs = [(names[e.source], e.type, names[e.target]) for e in found.events]
    # handing back what was taken yields; travel "to Lima" is no act; the coder reads no act in
    # a deadline given, so the bare "gave" stands for nothing
    assert pairs == [("Peru", "RETREAT", "Chile")]
    # a letter handed over is the letter's act (contact), not a handing-over of aid
    letter = _analysis("Senator Tom Hale handed Anton Kessler a letter.")
    assert [e.trigger for e in letter.events if e.evidence.span[0] >= len(INTRO)] == ["letter"]


@pytest.mark.model
def test_charging_a_price_is_no_charge_of_a_crime() -> None:
    found = detente.analyze(
        "Kessler had planned to charge Zentro Holdings almost $6 million to use his trademark. "
        "The bank charges Peru a fee for every transfer.",
        published=PUBLISHED,
    )
    assert found.events == ()
    assert ("Elena Varga", "Anton Kessler", "COERCE") not in [
        e[:3] for e in _events("Varga charged Kessler $40 for the tickets.")
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the lexicon says AGREE; the coder, trained on plv, retypes it SUPPORT
        ("Chile and Peru established diplomatic ties on Monday.", {"AGREE", "SUPPORT"}),
        ("Peru outlawed the Kastorian Workers' Front on Monday.", {"COERCE"}),
    ],
)
def test_ties_established_and_parties_outlawed_are_events(text: str, expected: set[str]) -> None:
    result = detente.analyze(text, published=PUBLISHED)
    assert {e.type for e in result.events} & expected


@pytest.mark.model
def test_unrelated_sentence_has_no_event() -> None:
    assert _events("The weather in Sarnic was mild on Monday.") == []


# --- relations in one article (no model) -----------------------------------------------------


def _event(
    source: str, target: str, score: float, when: date | None, modality: str = "asserted"
) -> Event:
    return Event(
        source=source,
        target=target,
        type="ACCUSE" if score < 0 else "SUPPORT",
        score=score,
        modality=modality,  # type: ignore[arg-type]
        date=DateRange(when, when, None) if when else DateRange(None, None, None),
        evidence=Evidence(sentence="s", span=(0, 1)),
        trigger="t",
        confidence=0.8,
    )


def test_relation_shows_the_falling_out_and_the_thaw() -> None:
    events = [
        _event("a1", "a2", -3.0, date(2021, 3, 8)),
        _event("a2", "a1", -4.0, date(2021, 3, 20)),
        _event("a1", "a2", 5.0, date(2024, 7, 1)),
        _event("a1", "a2", 2.5, date(2024, 7, 20), modality="planned"),
        _event("a2", "a1", 1.5, None),
    ]
    (relation,) = summarize_relations(events, ActorTable((), ()))
    assert [(p.period, p.score) for p in relation.timeline] == [("2021-03", -3.5), ("2024-07", 5.0)]
    assert relation.score == 5.0
    assert relation.trend == "improving"
    assert relation.timeline[1].events == (2, 3)  # the planned event is listed, not scored
    assert relation.undated == (4,)


def test_relation_principals_merge_groups_and_self_events_are_dropped() -> None:
    grouped = Event(
        source="g1",
        target="a2",
        source_principal="a1",
        type="CONSULT",
        score=2.5,
        modality="asserted",
        date=DateRange(date(2023, 5, 2), date(2023, 5, 2)),
        evidence=Evidence(sentence="s", span=(0, 1)),
        trigger="met",
        confidence=0.8,
    )
    relations = summarize_relations([grouped, _event("a1", "a1", 1.0, None)], ActorTable((), ()))
    assert [(r.a, r.b) for r in relations] == [("a1", "a2")]


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2024, 7, 1), date(2024, 7, 31), "2024-07"),
        (date(2024, 7, 13), date(2024, 7, 13), "2024-07"),
        (date(2018, 1, 1), date(2018, 12, 31), "2018"),
        (date(2023, 11, 1), date(2024, 2, 29), "2023/2024"),
    ],
)
def test_period_labels(start: date, end: date, label: str) -> None:
    assert period_of(start, end) == label


@pytest.mark.parametrize(
    ("previous", "current", "trend"),
    [(-3.0, 5.0, "improving"), (4.0, -2.0, "worsening"), (1.5, 1.8, "stable"), (None, 2.0, None)],
)
def test_trend(previous: float | None, current: float, trend: str | None) -> None:
    assert trend_of(previous, current) == trend


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "modality", "hedged"),
    [
        ("Elena Varga met Anton Kessler in Sarnic on Monday.", "asserted", False),
        ("Elena Varga reportedly met Anton Kessler in Sarnic on Monday.", "asserted", True),
        ("Elena Varga is said to have met Anton Kessler in Sarnic.", "asserted", True),
        (
            "The vote came amid reports that Elena Varga had met Anton Kessler in secret.",
            "asserted",
            True,
        ),
        ("Elena Varga denied reports that she had met Anton Kessler in Sarnic.", "negated", False),
        (
            "Asked about reports that Elena Varga had met Anton Kessler, the minister laughed.",
            "hypothetical",
            False,
        ),
    ],
)
def test_reported_and_denied_acts(text: str, modality: str, hedged: bool) -> None:
    from detente import analyze

    events = [e for e in analyze(text, published="2024-07-18").events if e.type == "CONSULT"]
    assert events, text
    assert (events[0].modality, events[0].hedged) == (modality, hedged)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "party", "venue"),
    [
        (
            "President Elise Marchand met Tom Garrick at the Elysee on Monday.",
            "Tom Garrick",
            "France",
        ),
        ("Joe Mardell invited Tom Garrick to the White House.", "Tom Garrick", "United States"),
    ],
)
def test_a_seat_where_two_parties_meet_is_a_venue(text: str, party: str, venue: str) -> None:
    from detente import analyze

    result = analyze(text, published="2024-07-18")
    names = {a.id: a.name for a in result.actors}
    targets = {names[e.target] for e in result.events}
    assert party in targets
    assert venue not in targets


@pytest.mark.model
def test_a_country_visited_alone_is_the_host() -> None:
    from detente import analyze

    result = analyze("Tom Garrick visited China on Monday.", published="2024-07-18")
    names = {a.id: a.name for a in result.actors}
    assert ("Tom Garrick", "China") in {(names[e.source], names[e.target]) for e in result.events}


@pytest.mark.parametrize(
    ("kind", "name", "can_act"),
    [
        ("organization", "Harbor Shipping Company", True),
        ("organization", "Northern Waters Climate Summit", False),  # an occasion
        ("organization", "Lindmoor Film Festival", False),
        ("organization", "Vardanian Congress", True),  # a legislature acts
        ("organization", "Orlek Pad Pro", False),  # a product model
        ("organization", "Galaxy Tab 512GB", False),
        ("person", "Elena Varga", True),
        ("outlet", "Harbor Wire", False),  # outlets report, they are not parties
    ],
)
def test_a_party_is_an_actor_that_can_act(kind: str, name: str, can_act: bool) -> None:
    from detente.events import _can_act
    from detente.records import Actor

    assert _can_act(Actor("a1", name, kind, name.lower())) is can_act  # type: ignore[arg-type]


@pytest.mark.model
def test_a_government_lashed_out_at_stays_the_target() -> None:
    from detente import analyze

    result = analyze("Elena Varga lashed out at the Kastorian government.", published="2024-07-18")
    names = {a.id: a.name for a in result.actors}
    assert "the Kastorian government" in {names[e.target] for e in result.events}


@pytest.mark.model
def test_an_organisation_after_at_is_where_the_act_happened() -> None:
    from detente import analyze

    text = "Elena Varga praised Anton Kessler at the Harbor Institute on Monday."
    result = analyze(text, published="2024-07-18")
    names = {a.id: a.name for a in result.actors}
    targets = {names[e.target] for e in result.events}
    assert "Anton Kessler" in targets
    assert not any("Institute" in t for t in targets)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "modality"),
    [
        # the clause denies something of its own subject: the call between them happened
        ("I was not on the phone call between Elena Varga and Anton Kessler.", "asserted"),
        # a support verb's negation is the event's
        ("Elena Varga did not make a phone call to Anton Kessler.", "negated"),
        ("There was no phone call between Elena Varga and Anton Kessler.", "negated"),
        ("At no time did Elena Varga meet Anton Kessler.", "negated"),
        # a clause after "after" keeps its own tense under a future main clause
        pytest.param(
            "The envoy will fly to Sarnic after Elena Varga met Anton Kessler on Monday.",
            "asserted",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known error: the event coder types the sentence's intent (AGREE) onto the "
                "meeting of its 'after' clause",
            ),
        ),
    ],
)
def test_negation_and_future_belong_to_their_own_clause(text: str, modality: str) -> None:
    from detente import analyze

    events = analyze(text, published="2024-07-18").events
    consult = [e for e in events if e.type == "CONSULT"]
    assert consult, [(e.type, e.trigger) for e in events]
    assert consult[0].modality == modality


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("SARNIC, March 4 (Harbor Wire) - Ferraz spoke.", len("SARNIC, March 4 (Harbor Wire) - ")),
        ("LINDMOOR, Ardenia — Ferraz spoke.", len("LINDMOOR, Ardenia — ")),
        ("Ferraz spoke in Sarnic - briefly.", 0),
        ("NATO leaders met on Monday.", 0),
    ],
)
def test_dateline_length(text: str, length: int) -> None:
    from detente.actors import dateline_length

    assert dateline_length(text) == length


@pytest.mark.model
def test_the_coder_reads_a_first_sentence_without_its_dateline() -> None:
    import numpy as np

    from detente.coder import event_coder
    from detente.events import _EventFinder
    from detente.nlp import load_model

    dateline = "SARNIC, March 4 (Harbor Wire) - "
    text = dateline + "Prime Minister Ana Ferraz accused President Tomas Riquelme of lying."
    doc = load_model()(text)
    finder = _EventFinder(doc, ActorTable(actors=(), mentions=()), (), (), None)
    reading = finder._reading(next(iter(doc.sents)))
    alone = event_coder().read([text[len(dateline) :]])[0]
    assert np.allclose(reading.types, alone.types)
    # the roles point into the whole sentence, dateline included
    span = reading.role_span("source")
    assert span is not None and "Ferraz" in text[span[0] : span[1]]


ANY_EVENT = ("*", "*", "*", "*")
ANY_REQUEST = ("*", "*", "REQUEST", "*")


def _matches(event: tuple[str, str, str, str], pattern: tuple[str, ...]) -> bool:
    """Whether (source, target, type, modality) fits a pattern of the same shape, "*" for any."""
    return all(p in ("*", e) for e, p in zip(event, pattern, strict=True))


def _check_events(
    text: str, expected: tuple[str, ...] | None, absent: tuple[str, ...] | None
) -> None:
    """Some event of ``text`` fits ``expected``, and none fits ``absent``."""
    found = _events(text)
    if expected is not None:
        assert any(_matches(e, expected) for e in found), found
    if absent is not None:
        assert not any(_matches(e, absent) for e in found), found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # a question put to someone is no demand; a request to act is one
        ("Hale asked Kessler about the delays in the frigate programme.", None, ANY_REQUEST),
        ("Hale asked Kessler whether the frigates would be ready.", None, ANY_REQUEST),
        ("Hale asked Kessler to resign.", ("Tom Hale", "Anton Kessler", "REQUEST", "*"), None),
        # a passive without its agent: nobody in the sentence charges the other
        (
            "Varga is charged with two counts of fraud; Kessler is charged with one.",
            None,
            ("*", "*", "COERCE", "*"),
        ),
        # a standing tie is no act
        ("Varga keeps up a partnership with Kessler.", None, ANY_EVENT),
        ("The pact crowns a ten-year alliance between Varga and Kessler.", None, ANY_EVENT),
        # joint speakers disputing a claim do not dispute each other; agreeing on one, they agree
        ("Varga and Kessler disputed that the money was missing.", None, ("*", "*", "REJECT", "*")),
        (
            "Varga and Kessler agreed that the talks should continue.",
            ("Anton Kessler", "Elena Varga", "AGREE", "*"),
            None,
        ),
    ],
)
def test_what_is_no_act_between_the_two(
    text: str, expected: tuple[str, ...] | None, absent: tuple[str, ...] | None
) -> None:
    _check_events(text, expected, absent)


@pytest.mark.model
def test_a_denied_urging_leaves_the_urged_act_hypothetical() -> None:
    found = _events("Hale did not urge Varga to prosecute Kessler.")
    assert ("Elena Varga", "Anton Kessler", "COERCE", "hypothetical") in found
    assert ("Tom Hale", "Elena Varga", "REQUEST", "negated") in found


@pytest.mark.model
def test_a_quote_naming_a_partner_or_a_modifier_is_no_stance_toward_it() -> None:
    found = _events(
        'Hale said: "We are working closely with Kessler and the Kastorian Red Cross to reach '
        'the camp." He added: "We found the Varga tariff decision delightful."'
    )
    assert not [e for e in found if e[2] in ("SUPPORT", "ACCUSE")], found


@pytest.mark.model
def test_a_quote_angry_with_someone_is_a_stance_toward_them() -> None:
    found = _events('Hale said: "We are furious with Kessler."')
    assert ("Tom Hale", "Anton Kessler", "ACCUSE", "asserted") in found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # the one who faces criticism is its target; its source only an explicit "from"
        (
            "Varga faced criticism from Kessler over the dam.",
            ("Anton Kessler", "Elena Varga", "ACCUSE", "asserted"),
            ("Elena Varga", "Anton Kessler", "*", "*"),
        ),
        (
            "The vote lets Varga avoid criticism that she had yielded to Kessler.",
            ("Elena Varga", "Anton Kessler", "CONCEDE", "hypothetical"),
            ("Elena Varga", "Anton Kessler", "ACCUSE", "negated"),
        ),
        # a meeting avoided is one withheld, by the one who avoided it
        (
            "Varga avoided a meeting with Kessler.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "negated"),
            None,
        ),
        # sanctions avoided did not happen
        (
            "Varga avoided sanctions from Kessler.",
            ("Anton Kessler", "Elena Varga", "SANCTION", "negated"),
            None,
        ),
        # what rumours say is no act the article reports, unless someone confirms it
        (
            "Kessler spread rumours that Varga had yielded to him.",
            ("Elena Varga", "Anton Kessler", "CONCEDE", "hypothetical"),
            None,
        ),
        (
            "Varga confirmed the rumours that she had phoned Kessler.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "asserted"),
            None,
        ),
        # one's own claim of one's own act tells the act
        (
            "Varga stood by her claim that she had phoned Kessler.",
            ("Elena Varga", "Anton Kessler", "CONSULT", "asserted"),
            None,
        ),
    ],
)
def test_acts_undergone_and_acts_claimed(
    text: str, expected: tuple[str, ...] | None, absent: tuple[str, ...] | None
) -> None:
    _check_events(text, expected, absent)


@pytest.mark.model
def test_a_verb_with_a_particle_is_not_one_undergone() -> None:
    # "drew up" an agreement is the drafter's act, not "drew" criticism
    found = _events("Varga drew up an agreement with Kessler.")
    assert any(e[:2] == ("Elena Varga", "Anton Kessler") for e in found), found
