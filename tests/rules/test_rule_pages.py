"""The rule pages name their sources and link the Knowledge Base and TechNet pages."""
from __future__ import annotations

import re

import pytest

from app.domain.rules import load_catalog
from app.domain.rules.catalog import CatalogError, Source, parse_catalog

CATALOG = load_catalog()


def test_kb_and_technet_addresses_read_as_their_ids():
    source = Source("K5", "KB 258750 and TechNet cc779429",
                    ("https://support.microsoft.com/kb/258750", "https://technet.microsoft.com/library/cc779429"))
    assert [(link.name, link.url) for link in source.links] == [
        ("KB 258750", "https://support.microsoft.com/kb/258750"),
        ("TechNet cc779429", "https://technet.microsoft.com/library/cc779429")]


def test_every_kb_or_technet_id_a_source_names_has_its_link():
    """A source that cites "KB nnnnnn" or a TechNet id links that page."""
    import re
    for source in CATALOG.sources.values():
        linked = {link.name for link in source.links}
        for number in re.findall(r"\bKB (\d{6})\b", source.text):
            assert f"KB {number}" in linked, (source.code, number)
        for ident in re.findall(r"\b((?:cc|bb|aa)\d{6})\b", source.text):
            assert f"TechNet {ident}" in linked, (source.code, ident)


@pytest.mark.parametrize("entry", [
    'A = "plain text"', 'A = { urls = ["https://support.microsoft.com/kb/1"] }',
    'A = { text = "x", urls = ["http://insecure.example"] }', 'A = { text = "x", url = "https://a" }'])
def test_a_malformed_source_is_refused(entry):
    with pytest.raises(CatalogError):
        parse_catalog(f"[sources]\n{entry}\n")


def test_rule_page_links_its_sources(client):
    html = client.get("/rules/net-private-network").get_data(as_text=True)
    assert '<a href="https://support.microsoft.com/kb/258750" rel="noopener">KB 258750</a>' in html
    assert '<a href="https://technet.microsoft.com/library/cc779429" rel="noopener">TechNet cc779429</a>' in html


def test_rule_list_names_each_rules_sources_and_lists_them_all(client):
    html = client.get("/rules").get_data(as_text=True)
    assert '<a href="#source-K10"' in html
    for source in CATALOG.sources.values():
        assert f'id="source-{source.code}"' in html
    assert 'href="https://support.microsoft.com/kb/259197"' in html


def test_a_sources_text_links_the_ids_it_names_and_adds_the_others():
    source = Source("E", "Planning (TechNet bb123996 CCR, bb676571 Windows 2008)",
                    ("https://technet.microsoft.com/library/bb123996", "https://technet.microsoft.com/library/bb676571",
                     "https://support.microsoft.com/kb/288778"))
    assert source.segments() == [
        ("Planning (", None), ("TechNet bb123996", "https://technet.microsoft.com/library/bb123996"), (" CCR, ", None),
        ("bb676571", "https://technet.microsoft.com/library/bb676571"), (" Windows 2008)", None),
        (" (", None), ("KB 288778", "https://support.microsoft.com/kb/288778"), (")", None)]
    assert Source("S", "The seed article").segments() == [("The seed article", None)]


@pytest.mark.parametrize("rule", CATALOG.rules, ids=lambda rule: rule.id)
def test_a_rule_page_shows_no_raw_format_syntax(client, rule):
    """A message template reads with its placeholders as words (`{first_node}` -> "first node")."""
    html = client.get(f"/rules/{rule.id}").get_data(as_text=True)
    assert not re.search(r"\{[a-z_]+\}", html), rule.id


def test_placeholders_read_as_italic_words(client):
    html = client.get("/rules/windows-edition-clusterable").get_data(as_text=True)
    assert "The Standard edition of <var>windows</var> has no cluster service." in html
