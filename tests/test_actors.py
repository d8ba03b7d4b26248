"""Actors stage: one actor per real entity, with aliases, roles, affiliations and mentions.

Sentences are invented (fictional people, places and outlets). Tests that parse load the real
spaCy model once per process; each text is parsed once (cached).
"""

from __future__ import annotations

import functools

import pytest

from detente.actors import ActorTable, _edit_distance, extract_actors
from detente.records import Actor, CleanArticle, ParsedArticle

STORIES = {
    "leaders": (
        "Norlandic Prime Minister Elena Varga met Kastorian President Anton Kessler in Sarnic on "
        "Monday. Kesler later said the talks were useful. The Norlandic leader called his "
        "Kastorian counterpart a partner."
    ),
    "titles": (
        "Former President Victor Hollins said on Tuesday that he would run again. Hollins added "
        "that the former president had never lost an election."
    ),
    "groups": (
        "Prime Minister Elena Varga flew to Orlek on Monday. Two aides to the prime minister "
        "told Axios that Varga's team was ready. A source close to the prime minister said a "
        "senior official would travel too."
    ),
    "outlets": (
        "Harbor Wire's Tom Rivers asked Foreign Minister Mehmet Yıldıran about the plan. "
        "Yildiran posted on Truth Social that the report by Fox News was wrong."
    ),
    "pronouns": (
        "President Anton Kessler met Prime Minister Elena Varga in Sarnic. He said the talks were "
        "useful. She thanked him for the invitation."
    ),
    "untagged": (
        "Former President Hale in a new interview warned Governor Mira Tovan against running. "
        "Hale told Harbor Wire she would regret it."
    ),
    "anaphor": (
        "Corvin Aldo endorsed Mira Tovan in 2019. The former president later called her a friend."
    ),
    "quoted": (
        "Corvin Aldo took aim at Bram Keller on Tuesday.\n\n"
        "“Nobody believes Keller anymore,” he said."
    ),
    "asked": (
        "Corvin Aldo spoke in Lindmoor. Asked whether Bram Keller would be invited, he said no."
    ),
    "surname_he": (
        "Chen He, Ostria's chief negotiator, met President Anna Varga on Monday.\n\n"
        "Mark Olsen, who leads the farmers' union, wrote to Varga in May. He urged her to act."
    ),
    "the_agency": (
        "Lawmakers have not given NASA all the money it asked for, money that the agency says it "
        "needs. Kestrel Dynamics said on Monday that the company would cut 300 jobs.\n\n"
        "Orlek Dynamics lost money. Markwell Capital tried to rescue the company."
    ),
    "aside_source": (
        "Officials were furious.\n\n"
        "“Trust is broken,” a senior aide to Prime Minister Elena Varga\n\nNothing more."
    ),
}


@functools.cache
def _table(name: str) -> ActorTable:
    from detente.nlp import load_model

    text = STORIES[name]
    doc = load_model()(text)
    return extract_actors(ParsedArticle(CleanArticle(source=name, text=text), doc))


def _actor(name: str, story: str) -> Actor:
    matches = [a for a in _table(story).actors if a.name == name]
    assert len(matches) == 1, [a.name for a in _table(story).actors]
    return matches[0]


def _mentions(actor: Actor, story: str) -> list[str]:
    return [STORIES[story][s:e] for s, e in actor.mentions]


@pytest.mark.model
def test_title_typo_and_surname_are_one_person() -> None:
    kessler = _actor("Anton Kessler", "leaders")
    assert kessler.kind == "person"
    assert "Kesler" in kessler.aliases  # one letter off, unambiguous in the article
    assert "Kastorian president" in kessler.roles
    people = [a for a in _table("leaders").actors if a.kind == "person"]
    assert len(people) == 2


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "name"),
    [("The Norlandic leader", "Elena Varga"), ("his Kastorian counterpart", "Anton Kessler")],
)
def test_role_nouns_resolve_to_the_holder(phrase: str, name: str) -> None:
    assert phrase in _mentions(_actor(name, "leaders"), "leaders")


@pytest.mark.model
def test_former_president_title_alias_and_role_noun() -> None:
    hollins = _actor("Victor Hollins", "titles")
    assert "former president" in hollins.roles
    mentions = _mentions(hollins, "titles")
    assert {"Victor Hollins", "Hollins", "the former president", "he"} <= set(mentions)


@pytest.mark.model
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Two aides to the prime minister", "anonymous"),
        ("Varga's team", "group"),
        ("A source close to the prime minister", "anonymous"),
    ],
)
def test_groups_and_anonymous_sources_are_affiliated(name: str, kind: str) -> None:
    table = _table("groups")
    group = _actor(name, "groups")
    assert group.kind == kind
    principal = table.get(group.affiliation)
    assert principal is not None and principal.name == "Elena Varga"
    assert table.principal(group.id) == principal.id


@pytest.mark.model
def test_unaffiliated_anonymous_source_has_no_principal() -> None:
    official = _actor("a senior official", "groups")
    assert official.kind == "anonymous" and official.affiliation is None


@pytest.mark.model
def test_outlets_platforms_and_reporters() -> None:
    table = _table("outlets")
    kinds = {a.name: a.kind for a in table.actors}
    assert kinds["Harbor Wire"] == kinds["Truth Social"] == kinds["Fox News"] == "outlet"
    rivers = _actor("Tom Rivers", "outlets")
    assert table.get(rivers.affiliation) == _actor("Harbor Wire", "outlets")


@pytest.mark.model
def test_diacritics_fold_into_the_key_and_join_aliases() -> None:
    minister = _actor("Mehmet Yıldıran", "outlets")
    assert minister.key == "mehmet yildiran"
    assert "Yildiran" in minister.aliases
    assert "foreign minister" in minister.roles


@pytest.mark.model
@pytest.mark.parametrize(
    ("pronoun", "name"), [("He", "Anton Kessler"), ("She", "Elena Varga"), ("him", "Anton Kessler")]
)
def test_pronouns_resolve_by_gender_and_salience(pronoun: str, name: str) -> None:
    assert pronoun in _mentions(_actor(name, "pronouns"), "pronouns")


@pytest.mark.model
def test_a_pronoun_is_no_surname() -> None:
    # "He urged" is the pronoun, resolved to the man just named, not Chen He
    assert _mentions(_actor("Chen He", "surname_he"), "surname_he") == ["Chen He"]
    assert "He" in _mentions(_actor("Mark Olsen", "surname_he"), "surname_he")


@pytest.mark.model
def test_the_agency_is_the_organisation_just_named() -> None:
    assert "the agency" in _mentions(_actor("NASA", "the_agency"), "the_agency")
    assert "the company" in _mentions(_actor("Kestrel Dynamics", "the_agency"), "the_agency")
    # never the subject of its own clause: the one rescued is another company
    assert "the company" in _mentions(_actor("Orlek Dynamics", "the_agency"), "the_agency")


@pytest.mark.model
def test_surname_after_a_title_is_a_person_whatever_its_tag() -> None:
    hale = _actor("Hale", "untagged")
    assert hale.kind == "person" and "former president" in hale.roles
    assert _mentions(hale, "untagged").count("Hale") == 2


@pytest.mark.model
@pytest.mark.parametrize(
    ("story", "mention", "name"),
    [
        # nobody holds the title: the role noun refers back, like a pronoun
        ("anaphor", "The former president", "Corvin Aldo"),
        # the person named inside the quote is not "he" who said it
        ("quoted", "he", "Corvin Aldo"),
        # whoever the question names is not the one who answers it
        ("asked", "he", "Corvin Aldo"),
    ],
)
def test_anaphors_resolve_past_people_who_cannot_be_meant(
    story: str, mention: str, name: str
) -> None:
    assert mention in _mentions(_actor(name, story), story)


@pytest.mark.model
def test_anonymous_source_phrase_leaves_out_the_quote_before_it() -> None:
    aide = _actor("a senior aide to Prime Minister Elena Varga", "aside_source")
    assert aide.kind == "anonymous"


@pytest.mark.model
def test_actor_at_finds_the_mention_by_its_head_token() -> None:
    table = _table("groups")
    mention = next(m for m in table.mentions if m.text == "Two aides to the prime minister")
    assert table.actor_at(mention.head) == mention.actor
    assert table.mention_at(mention.head) == mention


def test_empty_table_without_a_parse() -> None:
    article = CleanArticle(source="x", text="Der Kanzler sprach.", language="de")
    assert extract_actors(ParsedArticle(article, None)).actors == ()


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("kessler", "kessler", 0),
        ("kessler", "kesler", 1),
        ("varga", "vagra", 1),
        ("hollins", "collins", 1),
        ("mercer", "merser", 1),
        ("abc", "xyz", 3),
    ],
)
def test_edit_distance_counts_transpositions_once(a: str, b: str, distance: int) -> None:
    assert _edit_distance(a, b) == distance


def test_the_longest_known_outlet_name_at_a_token_wins_and_the_text_end_bounds_it() -> None:
    from detente.actors import _longest_outlet

    words = ["wrote", "in", "The", "Times", "of", "London", "today"]
    assert _longest_outlet(words, 2) is not None
    assert _longest_outlet(words, 2)[0] == 6  # "The Times of London", not "The Times"
    assert _longest_outlet(words[:5], 2)[0] == 4  # cut off by the end: "The Times"
    assert _longest_outlet(words, 1) is None  # "in": no outlet starts lower-case
    assert _longest_outlet(["Harbor", "Wire"], 1) is None  # "Wire" alone is no outlet


def test_the_text_of_a_parse_is_joined_once_and_equals_the_doc_text() -> None:
    from detente.nlp import doc_text, load_model

    doc = load_model()("Elena Varga met Anton Kessler in Lindmoor on Monday.")
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first  # kept on the doc, not joined again
