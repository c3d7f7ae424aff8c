"""``kg docs``: what each term's section says, the one-page and per-term sites, escaping, the command.

The pages in a real browser are tested in tests/browser/test_docs_browser.py.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import kg
from kg.docs import collect, write_docs
from tests.helpers import DATA, need, run_kg

SHOP = DATA / "docs" / "shop.ttl"
EVIL = DATA / "malicious-labels.ttl"


def _section(page: str, slug: str) -> str:
    match = re.search(rf'<section class="term" id="{re.escape(slug)}".*?</section>', page, re.S)
    assert match is not None, slug
    return match.group(0)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> str:
    result = write_docs([SHOP], tmp_path_factory.mktemp("shop"), reason=False)
    assert result.single_page and result.terms == 10 and result.pages == 1
    return result.index.read_text(encoding="utf-8")


def test_header_metadata_and_contents(shop: str) -> None:
    assert "<title>Shop ontology</title>" in shop
    header = _text(re.search(r'<section id="ontology".*?</section>', shop, re.S).group(0))  # type: ignore[union-attr]
    assert "https://example.org/shop" in header and "owl:versionInfo" in header and '"2.0"' in header
    contents = _text(re.search(r'<nav id="contents">.*?</nav>', shop, re.S).group(0))  # type: ignore[union-attr]
    for heading in ("Classes (3)", "Object properties (2)", "Datatype properties (1)", "Individuals (2)",
                    "Concept schemes (1)", "Concepts (1)"):  # fmt: skip
        assert heading in contents


def test_a_class_has_its_axioms_in_manchester_text_and_where_it_is_used(shop: str) -> None:
    book = _text(_section(shop, "Book"))
    assert "SubClassOf:Product" in book and "SubClassOf:writtenBy some :Author" in book
    assert "In domain of:writtenBy" in book
    assert "Used by:Hobbit (rdf:type)" in book
    product = _text(_section(shop, "Product"))
    assert "Something sold." in product and "In domain of:price" in product  # schema:domainIncludes
    assert "Used by:Book (rdfs:subClassOf)" in product


def test_properties_show_inverse_characteristics_and_domain_includes(shop: str) -> None:
    wrote = _text(_section(shop, "wrote"))
    assert "InverseOf:writtenBy" in wrote
    written_by = _text(_section(shop, "writtenBy"))
    assert "InverseOf:wrote" in written_by and "Domain:Book" in written_by and "Range:Author" in written_by
    price = _text(_section(shop, "price"))
    assert "Characteristicsfunctional" in price.replace("Functional", "functional")
    assert "DomainIncludes:Product" in price and "Rangexsd:decimal" in price


def test_individuals_and_concept_schemes_have_sections(shop: str) -> None:
    hobbit = _text(_section(shop, "Hobbit"))
    assert "The Hobbit" in hobbit and "individual" in hobbit and "Types:Book" in hobbit
    assert "Facts:writtenBy :Tolkien" in hobbit
    genres = _text(_section(shop, "Genres"))
    assert "concept scheme" in genres and "Members:Fantasy" in genres


def test_every_term_has_a_diagram_of_its_neighbourhood(shop: str) -> None:
    import json

    data = json.loads(re.search(r'id="kg-docs-data">(.*?)</script>', shop, re.S).group(1))  # type: ignore[union-attr]
    book = data["diagrams"]["Book"]
    labels = {n["label"] for n in book["nodes"]}
    assert {"book", "product", "The Hobbit"} <= labels
    assert {"rdfs:subClassOf", ":writtenBy (some)", "in domain of"} <= {e["label"] for e in book["edges"]}
    assert len(data["diagrams"]) == 10


def test_text_from_the_ontology_is_escaped(tmp_path: Path) -> None:
    page = write_docs([EVIL], tmp_path, reason=False).index.read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<svg" not in page and "<iframe" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    data = page.split('id="kg-docs-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data
    terms = (tmp_path / "assets" / "terms.js").read_text(encoding="utf-8")
    assert "<" not in terms and "\\u003cimg" in terms


def test_a_large_ontology_gets_one_page_per_term(tmp_path: Path) -> None:
    result = write_docs([SHOP], tmp_path, reason=False, single_page=False)
    assert not result.single_page and result.pages == 11
    index = result.index.read_text(encoding="utf-8")
    assert 'href="terms/Book.html"' in index and '<section class="term"' not in index
    book = (tmp_path / "terms" / "Book.html").read_text(encoding="utf-8")
    assert 'src="../assets/docs.js"' in book and _section(book, "Book")
    # written again, the site is replaced, not added to
    write_docs([SHOP], tmp_path, reason=False, single_page=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assets", "index.html", "terms"]


def test_the_pages_fetch_nothing(shop: str) -> None:
    assert "connect-src 'none'" in html.unescape(shop)
    assert not re.search(r'(src|href)="https?:', shop)


def test_the_embedded_ontology_by_default(tmp_path: Path) -> None:
    header, terms = collect(kg.load().to_rdflib())
    assert header["iri"] == "https://w3id.org/genai-kg/ontology"
    assert {"class", "object property", "individual"} <= {t.kind for t in terms}


def test_cli_writes_the_site_and_prints_its_index(tmp_path: Path) -> None:
    result = run_kg("docs", str(SHOP), "-o", str(tmp_path / "site"), "--no-reason")
    assert result.exit_code == 0
    assert result.stdout == f"{tmp_path / 'site' / 'index.html'}\n"
    assert result.stderr.startswith("10 terms, 1 page, inferred axioms: not asked for")


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_kg("docs", str(DATA / "bad-syntax.ttl"), "-o", str(tmp_path / "site"))
    assert result.exit_code == 2
    assert (
        result.stderr.startswith(f"Error: {DATA / 'bad-syntax.ttl'}:4:11: ")
        and result.stderr.count("\n") == 1
    )


def test_what_hermit_infers_is_shown_apart(tmp_path: Path) -> None:
    import shutil

    need(shutil.which("java") is not None, "Java is not installed (HermiT needs it)")
    result = write_docs([SHOP], tmp_path, reason=True)
    assert result.reasoned == "HermiT"
    page = result.index.read_text(encoding="utf-8")
    hobbit = _text(_section(page, "Hobbit"))
    assert "Types:Book" in hobbit and "InferredTypes:Product" in hobbit  # through Book ⊑ Product
    assert "Inferred axioms: HermiT." in _text(page)
