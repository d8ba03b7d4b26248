"""Cross-article actor identity: each article's actors mapped onto the corpus's global actors
(countries and organisations by key, people by name with the rules of :mod:`detente.corpus`),
and the surname-only people settled at the end of a run.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from detente.lexicon.names import fold, given_name_gender
from detente.lexicon.places import country_by_demonym, country_by_name
from detente.records import Actor, ArticleAnalysis
from detente.store import GlobalActor

if TYPE_CHECKING:
    from detente.corpus.writer import _Ids

# A global actor's alias and role lists are capped: a much-cited person otherwise collects every
# misspelling and role phrase of a large archive. Mentions keep every surface form.
_MAX_ALIASES = 100
_MAX_ROLES = 50

# --- actors ---------------------------------------------------------------------------------

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Madam|Mme|Sir|Dame|Lord|Lady)\.?\s+$")
_HONORIFIC_GENDER = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "mme": "f",
    "dame": "f",
    "lady": "f",
}
_DEMONYM_SHAPE = re.compile(r"^[A-Z][a-z]+(?:ian|an|ese|ish|ic|i|ch)$")


@dataclass(frozen=True, slots=True)
class _Resolution:
    actor_ids: dict[str, int]
    new: tuple[GlobalActor, ...]
    changed: tuple[GlobalActor, ...]
    aliases: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class _PersonName:
    key: str
    given: tuple[str, ...]
    surname: str
    gender: str | None
    countries: frozenset[str]


class _ActorIndex:
    """Global actors in memory, indexed the ways :meth:`resolve` looks them up."""

    def __init__(self) -> None:
        self.by_id: dict[int, GlobalActor] = {}
        self.by_key: dict[tuple[str, str], int] = {}
        self.full_by_surname: dict[str, list[int]] = {}
        self.surname_only: dict[str, list[int]] = {}
        self.alias_keys: dict[int, set[str]] = {}

    # -- index maintenance -------------------------------------------------------------------

    def add(self, actor: GlobalActor) -> None:
        self.by_id[actor.id] = actor
        self.alias_keys[actor.id] = {fold(n) for n in (actor.name, *actor.aliases)}
        if actor.scope_article is not None:
            return
        if actor.kind == "person":
            if actor.given_names:
                self.full_by_surname.setdefault(actor.surname or "", []).append(actor.id)
            else:
                self.surname_only.setdefault(actor.surname or actor.key, []).append(actor.id)
        else:
            self.by_key.setdefault((_class_of(actor.kind), actor.key), actor.id)

    def _drop(self, actor: GlobalActor) -> None:
        self.by_id.pop(actor.id, None)
        self.alias_keys.pop(actor.id, None)
        for index in (self.full_by_surname, self.surname_only):
            for ids in index.values():
                if actor.id in ids:
                    ids.remove(actor.id)

    def commit(self, new: Iterable[GlobalActor], changed: Iterable[GlobalActor]) -> None:
        for actor in new:
            self.add(actor)
        for actor in changed:
            previous = self.by_id.get(actor.id)
            if previous is not None and (previous.given_names, previous.surname) != (
                actor.given_names,
                actor.surname,
            ):
                self._drop(previous)
                self.add(actor)
            else:
                self.by_id[actor.id] = actor
                self.alias_keys.setdefault(actor.id, set()).update(
                    fold(n) for n in (actor.name, *actor.aliases)
                )
            if actor.kind != "person" and actor.scope_article is None:
                self.by_key[(_class_of(actor.kind), actor.key)] = actor.id

    def apply_merge(self, old: GlobalActor, into: GlobalActor) -> None:
        self._drop(old)
        self.commit((), (into,))

    # -- resolution --------------------------------------------------------------------------

    def resolve(self, article_id: int, analysis: ArticleAnalysis, ids: _Ids) -> _Resolution:
        """Map each actor of an article to a global actor, creating or updating as needed.

        The in-memory index is not touched: :meth:`commit` takes the result once it is stored.
        """
        text = analysis.article.text
        mapping: dict[str, int] = {}
        new: dict[int, GlobalActor] = {}
        changed: dict[int, GlobalActor] = {}
        aliases: list[tuple[int, str]] = []
        local = {a.id: a for a in analysis.actors}

        def current(actor_id: int) -> GlobalActor:
            return new.get(actor_id) or changed.get(actor_id) or self.by_id[actor_id]

        def create(actor: GlobalActor) -> int:
            new[actor.id] = actor
            ids.actor += 1
            if actor.scope_article is None:
                aliases.extend((actor.id, n) for n in _unique((actor.name, *actor.aliases)))
            return actor.id

        # persons, countries and organisations first; groups need their principal's global id
        ordered = sorted(analysis.actors, key=lambda a: a.kind in ("group", "anonymous"))
        pending_new: dict[tuple[str, str], int] = {}
        for actor in ordered:
            if actor.kind in ("group", "anonymous"):
                principal = local.get(actor.affiliation or "")
                mapping[actor.id] = create(
                    GlobalActor(
                        id=ids.actor,
                        name=actor.name,
                        kind=actor.kind,
                        key=actor.key,
                        roles=actor.roles[:_MAX_ROLES],
                        affiliation=mapping.get(principal.id) if principal else None,
                        scope_article=article_id,
                        first_article=article_id,
                    )
                )
                continue
            if actor.kind == "person":
                name = _person_name(actor, text)
                found = self._find_person(name, extra=[current(i) for i in new])
            else:
                name = None
                key = (_class_of(actor.kind), actor.key)
                found = self.by_key.get(key, pending_new.get(key))
            if found is None:
                gid = create(_new_global(ids.actor, actor, name, article_id))
                if name is None:
                    pending_new[(_class_of(actor.kind), actor.key)] = gid
                mapping[actor.id] = gid
                continue
            mapping[actor.id] = found
            updated, added = _joined(current(found), actor, name)
            if updated is not None:
                if found in new:
                    new[found] = updated
                else:
                    changed[found] = updated
                aliases.extend((found, n) for n in added)
        # affiliations of people and organisations ("Harbor Wire's Tom Rivers")
        for actor in analysis.actors:
            if actor.affiliation is None or actor.kind in ("group", "anonymous"):
                continue
            gid = mapping[actor.id]
            target = mapping.get(actor.affiliation)
            glob = current(gid)
            if target is not None and glob.affiliation is None and target != gid:
                updated_actor = dataclasses.replace(glob, affiliation=target)
                if gid in new:
                    new[gid] = updated_actor
                else:
                    changed[gid] = updated_actor
        return _Resolution(
            actor_ids=mapping,
            new=tuple(new.values()),
            changed=tuple(changed.values()),
            aliases=tuple(dict.fromkeys(aliases)),
        )

    def _find_person(self, name: _PersonName, extra: Sequence[GlobalActor]) -> int | None:
        """The global person this name is, or None for a new one."""
        in_article = [a for a in extra if a.kind == "person" and a.scope_article is None]
        if name.given:
            pool = [self.by_id[i] for i in self.full_by_surname.get(name.surname, ())]
            pool += [a for a in in_article if a.given_names and a.surname == name.surname]
            fitting = [a for a in pool if _compatible(a, name)]
            exact = [a for a in fitting if a.key == name.key]
            if exact:
                return min(a.id for a in exact)
            return fitting[0].id if len(fitting) == 1 else None
        full = [self.by_id[i] for i in self.full_by_surname.get(name.surname, ())]
        full += [a for a in in_article if a.given_names and a.surname == name.surname]
        fitting = [a for a in full if _compatible(a, name)]
        if len(fitting) == 1:
            return fitting[0].id
        lone = [self.by_id[i] for i in self.surname_only.get(name.surname, ())]
        lone += [a for a in in_article if not a.given_names and a.surname == name.surname]
        lone = [a for a in lone if _compatible(a, name)]
        return min(a.id for a in lone) if lone else None

    def surname_merges(self) -> Iterator[tuple[GlobalActor, GlobalActor]]:
        """Each surname-only person with exactly one compatible full name, and its merged state."""
        for surname, ids in list(self.surname_only.items()):
            for actor_id in list(ids):
                old = self.by_id[actor_id]
                fitting = [
                    self.by_id[i]
                    for i in self.full_by_surname.get(surname, ())
                    if _compatible(self.by_id[i], _name_of(old))
                ]
                if len(fitting) != 1:
                    continue
                yield old, _absorbed(fitting[0], old)

    def person_named_merges(self) -> Iterator[tuple[GlobalActor, GlobalActor]]:
        """Each organisation whose whole name is one known person's full name, and that person
        merged with it: the model tags a person's name as ORG now and then ("Donald Trump"
        slammed ..., seen on real pages), and the user asking for the person must get every
        event. One-word names ("Ford") are not full names and stay apart."""
        for (kind, key), org_id in list(self.by_key.items()):
            org = self.by_id.get(org_id)
            if kind != "org" or org is None or org.kind != "organization":
                continue
            if len(key.split()) < 2:
                continue
            people = [
                self.by_id[i]
                for i in self.full_by_surname.get(key.split()[-1], ())
                if self.by_id[i].key == key
            ]
            if len(people) != 1:
                continue
            del self.by_key[(kind, key)]
            yield org, _absorbed(people[0], org)

    def ambiguity_changes(self) -> list[GlobalActor]:
        """Surname-only people whose ``ambiguous`` flag is out of date."""
        out = []
        for surname, ids in self.surname_only.items():
            for actor_id in ids:
                actor = self.by_id[actor_id]
                n = sum(
                    _compatible(self.by_id[i], _name_of(actor))
                    for i in self.full_by_surname.get(surname, ())
                )
                if (n > 1) != actor.ambiguous:
                    out.append(dataclasses.replace(actor, ambiguous=n > 1))
        return out


def _absorbed(into: GlobalActor, old: GlobalActor) -> GlobalActor:
    """``into`` once ``old`` is merged into it: its names, roles, gender hint and affiliation."""
    return dataclasses.replace(
        into,
        aliases=_merge_list(into.aliases, (old.name, *old.aliases), into.name, _MAX_ALIASES),
        roles=_merge_list(into.roles, old.roles, None, _MAX_ROLES),
        gender=into.gender or old.gender,
        affiliation=into.affiliation if into.affiliation is not None else old.affiliation,
    )


def _class_of(kind: str) -> str:
    return "org" if kind in ("organization", "outlet") else kind


def _person_name(actor: Actor, text: str) -> _PersonName:
    words = actor.key.replace(".", ". ").split()
    while len(words) > 1 and words[-1].strip(".,") in _SUFFIXES:
        words.pop()
    surname = words[-1] if words else actor.key
    given = tuple(w for w in words[:-1])
    gender: str | None = given_name_gender(given[0]) if given else None
    if gender is None:
        for start, _end in actor.mentions:
            match = _HONORIFIC.search(text[max(0, start - 8) : start])
            if match:
                gender = _HONORIFIC_GENDER[match.group(1).lower()]
                break
    return _PersonName(
        key=actor.key,
        given=given,
        surname=surname,
        gender=gender,
        countries=_role_countries(actor.roles),
    )


def _name_of(actor: GlobalActor) -> _PersonName:
    return _PersonName(
        key=actor.key,
        given=actor.given_names,
        surname=actor.surname or actor.key,
        gender=actor.gender,
        countries=_role_countries(actor.roles),
    )


def _role_countries(roles: Iterable[str]) -> frozenset[str]:
    """The countries a person's roles name ("Norlandic prime minister" -> {"norlandic"}).

    Known demonyms and country names map to the country's name; other capitalised words shaped
    like demonyms ("Kastorian") stand for themselves.
    """
    out = set()
    for role in roles:
        for word in re.findall(r"\b[A-Z][\w'-]+", role):
            country = country_by_demonym(word) or country_by_name(word)
            if country is not None:
                out.add(fold(country.name))
            elif _DEMONYM_SHAPE.match(word):
                out.add(fold(word))
    return frozenset(out)


def _compatible(actor: GlobalActor, name: _PersonName) -> bool:
    """Whether a global person and a name may be one person (nothing contradicts it)."""
    if actor.kind != "person" or actor.scope_article is not None:
        return False
    if (actor.surname or actor.key) != name.surname:
        return False
    if actor.given_names and name.given and not _given_agree(actor.given_names, name.given):
        return False
    if actor.gender and name.gender and actor.gender != name.gender:
        return False
    theirs = _role_countries(actor.roles)
    return not (theirs and name.countries and not theirs & name.countries)


def _given_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Every given name of the shorter list matches one of the longer (an initial matches)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    free = list(long)
    for name in short:
        match = next((n for n in free if _same_given(name, n)), None)
        if match is None:
            return False
        free.remove(match)
    return True


def _same_given(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return a == b


def _new_global(
    actor_id: int, actor: Actor, name: _PersonName | None, article_id: int
) -> GlobalActor:
    return GlobalActor(
        id=actor_id,
        name=actor.name,
        kind=actor.kind,
        key=actor.key,
        aliases=_unique(actor.aliases)[:_MAX_ALIASES],
        roles=_unique(actor.roles)[:_MAX_ROLES],
        given_names=name.given if name else (),
        surname=name.surname if name else None,
        gender=name.gender if name else None,
        first_article=article_id,
    )


def _joined(
    glob: GlobalActor, actor: Actor, name: _PersonName | None
) -> tuple[GlobalActor | None, tuple[str, ...]]:
    """The global actor with what this article adds (None: nothing new), and the new aliases."""
    changes: dict[str, Any] = {}
    known = {fold(n) for n in (glob.name, *glob.aliases)}
    added = tuple(n for n in _unique((actor.name, *actor.aliases)) if fold(n) not in known)
    if name is not None and len(name.given) > len(glob.given_names):
        # a fuller form of the name ("Recep Tayyip Erdoğan" after "Tayyip Erdogan") names the actor
        changes.update(name=actor.name, key=actor.key, given_names=name.given)
        added = tuple(n for n in (glob.name, *added) if fold(n) != fold(actor.name))
    new_aliases = _merge_list(glob.aliases, added, changes.get("name", glob.name), _MAX_ALIASES)
    if new_aliases != glob.aliases:
        changes["aliases"] = new_aliases
    roles = _merge_list(glob.roles, actor.roles, None, _MAX_ROLES)
    if roles != glob.roles:
        changes["roles"] = roles
    if name is not None and glob.gender is None and name.gender is not None:
        changes["gender"] = name.gender
    if glob.kind == "organization" and actor.kind == "outlet":
        changes["kind"] = "outlet"
    if not changes:
        return None, ()
    return dataclasses.replace(glob, **changes), added


def _merge_list(
    old: Sequence[str], extra: Iterable[str], exclude: str | None, cap: int
) -> tuple[str, ...]:
    out = list(old)
    keys = {fold(x) for x in out}
    if exclude is not None:
        keys.add(fold(exclude))
    for item in extra:
        if len(out) >= cap:
            break
        if fold(item) not in keys:
            out.append(item)
            keys.add(fold(item))
    if exclude is not None:
        out = [x for x in out if fold(x) != fold(exclude)]
    return tuple(out)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = fold(item)
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)
