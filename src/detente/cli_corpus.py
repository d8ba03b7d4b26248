"""Corpus commands of the CLI (ingest, relation, queries, export); they register on ``cli.app``."""

from __future__ import annotations
