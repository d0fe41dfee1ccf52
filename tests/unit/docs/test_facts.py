"""Counts, prices and times in the docs are what the code produces (``make docs-facts``)."""

from __future__ import annotations

import re

from tests.docs import facts
from tests.docs.blocks import pages


def test_every_generated_region_names_a_known_fact() -> None:
    assert facts.names_used() <= set(facts.BLOCKS) | set(facts.INLINE)


def test_every_fact_is_used_somewhere() -> None:
    assert set(facts.BLOCKS) | set(facts.INLINE) <= facts.names_used()


def test_the_committed_pages_are_what_make_docs_facts_writes() -> None:
    stale = [str(p.relative_to(facts.ROOT)) for p in facts.stale_pages()]
    assert stale == [], f"run `make docs-facts` and commit: {stale}"


def test_a_changed_figure_is_caught() -> None:
    """The check can fail: a page with one figure edited by hand differs from the rendering."""
    page = next(p for p in pages() if "<!-- fact:price.rest-per-million -->" in p.read_text())
    edited = re.sub(
        r"(<!-- fact:price.rest-per-million -->)[^<]*", r"\g<1>$9.99", page.read_text(), count=1
    )
    assert facts.render(edited) != edited
    assert facts.render(edited) == page.read_text()
