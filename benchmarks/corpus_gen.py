"""A corpus generator for the benchmarks: self-written news articles, deterministic by seed.

Every article is composed here from templates and invented parts: fictional leaders of fictional
countries, outlets with ``.example`` hosts, reporters, places and topics. Sentences are put
together from independent pieces (who, the act, whom, when, about what, a reason), so that two
articles share few five-word runs and syndication finds only the copies; paragraphs hold
relative and absolute dates ("on Tuesday", "on 3 March", "last month"), direct and reported
quotes, anonymous sources and the usual byline. About ``syndicated`` of the records are copies
of a recent article carried by another outlet (another headline and byline, the last paragraph
cut), as wire stories are. Lengths are drawn uniformly between ``words`` bounds (400-900 words
by default).

Used by ``bench_ingest.py`` and ``bench_scale.py``; run alone it writes a JSON Lines corpus:

    .venv/bin/python benchmarks/corpus_gen.py OUT.jsonl [--articles 1000] [--seed 6]
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

__all__ = ["Corpus", "generate", "records"]

# (name, office, demonym, country, gender)
LEADERS = [
    ("Talia Morrow", "prime minister", "Brevan", "Brevania", "f"),
    ("Oskar Lindqvist", "president", "Feldish", "Feldmark", "m"),
    ("Ines Tavora", "president", "Salcian", "Salcia", "f"),
    ("Ruben Achterveld", "prime minister", "Ostmerian", "Ostmere", "m"),
    ("Maren Kolb", "chancellor", "Tessalian", "Tessaly", "f"),
    ("Dmitar Vesko", "president", "Kordanian", "Kordania", "m"),
    ("Amara Okafor-Lind", "prime minister", "Varesian", "Varesia", "f"),
    ("Henrik Dahlgren", "foreign minister", "Feldish", "Feldmark", "m"),
    ("Soraya Benali", "foreign minister", "Salcian", "Salcia", "f"),
    ("Petra Novak", "defence minister", "Kordanian", "Kordania", "f"),
    ("Lukas Brenner", "president", "Ostmerian", "Ostmere", "m"),
    ("Celia Marchetti", "prime minister", "Tessalian", "Tessaly", "f"),
    ("Anselm Rook", "trade minister", "Brevan", "Brevania", "m"),
    ("Yara Delacroix", "foreign minister", "Varesian", "Varesia", "f"),
]
OUTLETS = [
    ("Coastline Wire", "coastlinewire.example"),
    ("The Evening Ledger", "eveningledger.example"),
    ("Northgate Times", "northgatetimes.example"),
    ("The Harbour Standard", "harbourstandard.example"),
    ("Valley Courier", "valleycourier.example"),
    ("Meridian Daily", "meridiandaily.example"),
    ("The Lantern Review", "lanternreview.example"),
    ("Ridgeway Post", "ridgewaypost.example"),
]
REPORTERS = ["Ada Frey", "Jonah Pike", "Mira Castell", "Tobias Wren", "Lena Ostrow", "Cyrus Hale"]
PLACES = [
    "Arvik",
    "Selby Point",
    "Molvan",
    "Tarrow",
    "Quessin",
    "Brightwater",
    "Olm",
    "Dunreay",
    "Kestrel Bay",
    "Orlen",
    "Vashti",
    "Crane Ford",
]
TOPICS = [
    "the disputed river border",
    "grain shipments",
    "a gas pipeline",
    "fishing rights in the strait",
    "a prisoner exchange",
    "visa rules for students",
    "a rail link between the two capitals",
    "the reopening of a consulate",
    "tariffs on steel",
    "a shared power grid",
    "water from the upper dam",
    "the return of museum pieces",
    "airspace over the islands",
    "a joint naval exercise",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# the act (past tense), with what follows the target; each a verb the event lexicon knows
ACTS = [
    ("met", "for talks on {topic}"),
    ("telephoned", "to discuss {topic}"),
    ("accused", "of bad faith over {topic}"),
    ("thanked", "for help with {topic}"),
    ("criticised", "over {topic}"),
    ("praised", "for a fair offer on {topic}"),
    ("invited", "to {place} for a summit on {topic}"),
    ("warned", "against any move on {topic}"),
    ("congratulated", "on the deal over {topic}"),
    ("rebuked", "for remarks about {topic}"),
    ("hosted", "in {place} to settle {topic}"),
    ("urged", "to reopen the file on {topic}"),
    ("visited", "to press the case on {topic}"),
    ("condemned", "for the decision on {topic}"),
]
SOURCES = [
    "officials said",
    "two aides to {a} said",
    "a senior diplomat in {place} said",
    "according to a statement from {a_poss} office",
    "a government spokesperson said",
    "people familiar with the talks said",
    "{a_land}'s foreign ministry said",
]
QUOTES = [
    "We have a great deal to gain from working together on {topic}",
    "This is not how neighbours treat each other",
    "The door to talks on {topic} remains open",
    "We will not accept conditions written in {place}",
    "I told {b_obj} plainly that the time for delay is over",
    "Our two countries have argued about {topic} for {n} years, and that has to end",
    "Nobody gains if the talks on {topic} collapse again",
    "We expect answers within {n} days",
]
ASIDES = [
    "The two governments have not held formal talks on {topic} since {year}.",
    "{a_land} and {b_land} agreed in {year} to set up a joint commission on {topic}.",
    "Analysts in {place} said the quarrel over {topic} had cost both sides dearly.",
    "Markets in {place} moved little after the news on {topic}.",
    "The last summit between the two sides, in {place} in {month} {year}, ended early.",
    "A written summary of the talks on {topic} is due within {n} days, officials said.",
    "Trade between {a_land} and {b_land} fell by {n} percent last year.",
    "Crowds gathered outside the parliament in {place} as lawmakers debated {topic}.",
    "Neither side said when the next round on {topic} would take place.",
    "Both capitals have recalled envoys twice since {year} over {topic}.",
]


@dataclass(frozen=True, slots=True)
class Corpus:
    """What :func:`generate` wrote: records, copies among them, and words in all."""

    path: Path
    articles: int
    syndicated: int
    words: int


def _when(rng: random.Random, day: date) -> str:
    back = rng.randint(1, 6)
    then = day - timedelta(days=back)
    return rng.choice(
        [
            f"on {WEEKDAYS[then.weekday()]}",
            f"on {then.day} {MONTHS[then.month - 1]}",
            "last week",
            "earlier this month",
            f"on {MONTHS[then.month - 1]} {then.day}",
            "late last month",
        ]
    )


class _Writer:
    """One original article's sentences, from one seeded random source."""

    def __init__(self, rng: random.Random, day: date) -> None:
        self.rng = rng
        self.day = day
        a, b = rng.sample(LEADERS, 2)
        while a[3] == b[3]:
            a, b = rng.sample(LEADERS, 2)
        self.a, self.b = a, b
        self.topic = rng.choice(TOPICS)
        self.place = rng.choice(PLACES)

    def fill(self, template: str, a: tuple[str, ...], b: tuple[str, ...]) -> str:
        rng = self.rng
        return template.format(
            a=a[0],
            b=b[0],
            a_land=a[3],
            b_land=b[3],
            a_poss="her" if a[4] == "f" else "his",
            b_obj="her" if b[4] == "f" else "him",
            topic=self.topic if rng.random() < 0.6 else rng.choice(TOPICS),
            place=self.place if rng.random() < 0.5 else rng.choice(PLACES),
            n=rng.randint(2, 90),
            year=rng.randint(2005, self.day.year - 1),
            month=rng.choice(MONTHS),
        )

    def sides(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (self.a, self.b) if self.rng.random() < 0.6 else (self.b, self.a)

    def act(self) -> str:
        a, b = self.sides()
        verb, tail = self.rng.choice(ACTS)
        source = self.fill(self.rng.choice(SOURCES), a, b)
        name = a[0] if self.rng.random() < 0.5 else a[0].split()[-1]
        return (
            f"{name} {verb} {b[0]} {self.fill(tail, a, b)} {_when(self.rng, self.day)}, {source}."
        )

    def quote(self) -> str:
        a, b = self.sides()
        said = self.rng.choice(["said", "told reporters", "wrote on social media", "added"])
        words = self.fill(self.rng.choice(QUOTES), a, b)
        return f'"{words}," {a[0].split()[-1]} {said} {_when(self.rng, self.day)}.'

    def aside(self) -> str:
        return self.fill(self.rng.choice(ASIDES), *self.sides())

    def paragraph(self) -> str:
        kinds = [self.act, self.quote, self.aside]
        return " ".join(self.rng.choice(kinds)() for _ in range(self.rng.randint(2, 4)))


def _original(rng: random.Random, i: int, day: date, length: int, most: int) -> dict[str, Any]:
    """An article of at least ``length`` words (title and byline apart), at most ``most``."""
    w = _Writer(rng, day)
    a, b = w.a, w.b
    opener = w.act().replace(a[0], f"{a[2]} {a[1].title()} {a[0]}", 1)
    paragraphs = [f"{w.place.upper()}, {a[3]} — {opener}"]
    words = len(opener.split())
    while words < length:
        paragraph = w.paragraph()
        if words + len(paragraph.split()) > most:
            paragraph = w.aside()  # a short last paragraph, to end within the bounds
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    outlet, host = rng.choice(OUTLETS)
    title = f"{a[0].split()[-1]} and {b[0].split()[-1]} at odds over {w.topic}"
    return {
        "id": f"bench-{i:07d}",
        "url": f"https://{host}/{day.isoformat()}/story-{i}",
        "published": day.isoformat(),
        "title": title,
        "outlet": outlet,
        "reporter": rng.choice(REPORTERS),
        "paragraphs": paragraphs,
    }


def _text(item: dict[str, Any], trimmed: bool = False) -> str:
    body = item["paragraphs"][:-1] if trimmed else item["paragraphs"]
    byline = f"By {item['reporter']}, {item['outlet']}"
    return "\n\n".join([item["title"], byline, *body])


def records(
    n: int,
    *,
    seed: int = 6,
    words: tuple[int, int] = (400, 900),
    syndicated: float = 0.1,
    days: int = 1200,
) -> Iterator[dict[str, Any]]:
    """``n`` JSON Lines records (id, url, published, title, text), the same for the same seed."""
    rng = random.Random(seed)
    start = date(2021, 1, 1)
    originals: list[dict[str, Any]] = []
    for i in range(n):
        day = start + timedelta(days=i * days // max(n, 1))
        if originals and rng.random() < syndicated:
            source = rng.choice(originals[-50:])
            outlet, host = rng.choice([o for o in OUTLETS if o[0] != source["outlet"]])
            yield {
                "id": f"bench-{i:07d}",
                "url": f"https://{host}/{source['published']}/copy-{i}",
                "published": source["published"],
                "title": f"{outlet}: {source['title']}",
                "text": _text(source, trimmed=True).replace(
                    source["title"], f"Wire report: {source['title'].lower()}", 1
                ),
                "copy_of": source["id"],
            }
            continue
        item = _original(rng, i, day, rng.randint(*words), words[1])
        originals.append(item)
        originals[:] = originals[-50:]
        yield {
            "id": item["id"],
            "url": item["url"],
            "published": item["published"],
            "title": item["title"],
            "text": _text(item),
        }


def generate(
    n: int,
    path: Path,
    *,
    seed: int = 6,
    words: tuple[int, int] = (400, 900),
    syndicated: float = 0.1,
) -> Corpus:
    """Write :func:`records` to ``path`` as JSON Lines; say what was written."""
    copies = total = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records(n, seed=seed, words=words, syndicated=syndicated):
            copies += "copy_of" in record
            total += len(record["text"].split())
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Corpus(path=path, articles=n, syndicated=copies, words=total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--words", type=int, nargs=2, default=[400, 900], metavar=("MIN", "MAX"))
    args = parser.parse_args()
    done = generate(args.articles, args.out, seed=args.seed, words=tuple(args.words))
    print(
        f"{done.articles} articles ({done.syndicated} syndicated copies), {done.words:,} words "
        f"-> {done.path}"
    )


if __name__ == "__main__":
    main()
