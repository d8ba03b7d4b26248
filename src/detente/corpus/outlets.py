"""Outlet identity: who carried an article (its site name, the outlet its host belongs to, the
host, the publisher), learnt from the articles of the corpus and the outlet lexicon.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from detente.lexicon import outlet_names
from detente.lexicon.names import fold

# --- outlets --------------------------------------------------------------------------------


class _Outlets:
    """Who carried an article: its site name, else the outlet its URL's host belongs to.

    A host is named from a page's ``og:site_name`` or from an outlet name (a publisher seen in
    the corpus, or the outlet lexicon) that spells the host ("harborwire.news" = "Harbor Wire").
    A syndicated copy's byline names the *original* publisher, so the host, not the publisher,
    says who carried it; the publisher is the last resort, for articles without a URL.
    """

    def __init__(self) -> None:
        self.by_host: dict[str, str] = {}
        self.site_named: set[str] = set()
        self.by_squash: dict[str, str] = {_squash(n): n for n in outlet_names()}

    def learn(self, host: str | None, site_name: str | None, publisher: str | None) -> None:
        if publisher:
            self.by_squash.setdefault(_squash(publisher), publisher)
        if host and site_name:
            self.by_squash.setdefault(_squash(site_name), site_name)
            if host not in self.site_named:
                self.by_host[host] = site_name
                self.site_named.add(host)
        if host and host not in self.by_host:
            for variant in _host_variants(host):
                name = self.by_squash.get(variant)
                if name:
                    self.by_host[host] = name
                    break

    def outlet(self, host: str | None, site_name: str | None, publisher: str | None) -> str | None:
        if site_name:
            return site_name
        if host:
            return self.by_host.get(host, host)
        return publisher


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host.lower())


def _host_variants(host: str) -> list[str]:
    labels = [label for label in host.split(".") if label]
    return ["".join(labels[:n]) for n in range(1, len(labels) + 1)]


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", fold(name)))
