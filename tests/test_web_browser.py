"""The dashboard in a real headless Chromium (Debian's, driven by Playwright): the demo corpus's
dyad page draws one point per event the API gives, a click shows the evidence in its article,
and the analyze page highlights a posted article's actors.

Skipped, saying why, when /usr/bin/chromium is absent; `.ci/run` installs it. With
DETENTE_SCREENSHOTS=DIR the pages are also saved as PNG there (docs/ holds the committed ones).
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (apt-get install -y chromium; .ci/run does)",
)
# The flags this closed network needs (no background connections), as root in a container.
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=_FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        browser.close()
        assert not errors, errors


def _shot(page, name: str) -> None:
    folder = os.environ.get("DETENTE_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def _api(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read())


def test_dyad_chart_draws_every_event_and_a_click_shows_its_evidence(demo_server, page) -> None:
    relation = _api(f"{demo_server}/api/relation?a=Mercer&b=Hollins")
    expected = sum(p["n_events"] for p in relation["timeline"])
    assert expected > 10
    page.goto(f"{demo_server}/dyad?a=Mercer&b=Hollins")
    page.wait_for_selector("#chart[data-drawn]", timeout=30_000)
    points = page.locator("#chart g.events_marks path")
    assert points.count() == expected
    assert page.locator("#chart .role-legend").count() >= 2, "legends for type and modality"
    assert page.locator("#chart .role-axis-title").count() >= 2, "axis titles"
    _shot(page, "dyad.png")
    first = relation["timeline"][0]["events"][0]
    points.first.dispatch_event("click")
    page.wait_for_selector("#evidence", timeout=15_000)
    assert page.locator("#event-detail").is_visible()
    shown = " ".join(page.locator("#evidence").inner_text().split())
    assert shown == " ".join(first["evidence"].split())
    assert page.locator("#event-what").inner_text().startswith(first["source"])
    _shot(page, "dyad-event.png")


def test_home_and_actor_pages_draw(demo_server, page) -> None:
    page.goto(demo_server + "/")
    assert page.locator("#active tbody tr").count() > 0
    _shot(page, "home.png")
    mercer = _api(f"{demo_server}/api/actors?q=Margaret%20Mercer")["actors"][0]
    detail = _api(f"{demo_server}/api/actors/{mercer['id']}")
    page.goto(f"{demo_server}/actors/{mercer['id']}")
    page.wait_for_selector("#network svg", timeout=30_000)
    assert page.locator("#network g.counterparts_marks path").count() == len(detail["counterparts"])
    _shot(page, "actor.png")


@pytest.mark.model
def test_analyze_page_highlights_the_posted_articles_actors(demo_server, page) -> None:
    page.goto(demo_server + "/analyze")
    page.fill(
        "textarea[name=text]",
        "Prime Minister Margaret Mercer thanked President Victor Hollins on Monday for his "
        "support. \u201cWe are partners again,\u201d Mercer told reporters in Lindmoor.",
    )
    page.fill("input[name=published]", "2024-07-16")
    page.click("#analyze-submit")
    page.wait_for_selector("#highlighted", timeout=120_000)
    marked = {" ".join(t.split()) for t in page.locator("#highlighted .hl-actor").all_inner_texts()}
    assert {"Margaret Mercer", "Victor Hollins"} <= marked
    assert page.locator("#actors li").count() >= 2
    _shot(page, "analyze.png")
