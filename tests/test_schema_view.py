"""The VOWL-like schema view (kg.schema_view): restriction kinds, disjointness, equivalence, datatype
properties, property facts and the tree layout, on Pizza, AIO, schema.org and small fixtures."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.namespace import OWL, RDFS

import kg
from kg.errors import UnknownNameError
from kg.schema_view import DISJOINT_SHOWN, RESTRICTION_KINDS, schema_view, tree_layout
from tests.helpers import GAI, ROOT, need

SHARED = ROOT.parent / "shared" / "data"
PIZZA = SHARED / "pizza-ontology" / "pizza.owl"
AIO = SHARED / "artificial-intelligence-ontology" / "aio.owl"
SCHEMA_ORG = SHARED / "schemaorg" / "data" / "releases" / "30.0" / "schemaorg-current-https.ttl"
P = "https://raw.githubusercontent.com/owlcs/pizza-ontology/refs/heads/master/pizza.owl#"
EX = "https://example.org/zoo#"


def shared(path: Path) -> kg.KnowledgeGraph:
    need(path.is_file(), f"{path} is missing (the shared data sets beside the checkout)")
    return kg.load(path, ontology=False)


@pytest.fixture(scope="module")
def pizza() -> nx.MultiDiGraph:
    return schema_view(shared(PIZZA))


def kinds(view: nx.MultiDiGraph) -> Counter[str]:
    return Counter(d["kind"] for _, _, d in view.edges(data=True))


def edges(view: nx.MultiDiGraph, source: str, kind: str) -> set[tuple[str, str, str | None]]:
    return {
        (o.removeprefix(P), d["label"], d.get("cardinality"))
        for _, o, d in view.out_edges(source, data=True)
        if d["kind"] == kind
    }


# --- Pizza: every kind of restriction its own edge kind, and its disjointness ----------------------


def test_pizza_restrictions_have_an_edge_kind_each(pizza: nx.MultiDiGraph) -> None:
    found = kinds(pizza)
    assert {k: found[k] for k in RESTRICTION_KINDS if found[k]} == {
        "some": 151,
        "only": 120,
        "value": 6,
        "cardinality": 1,
    }
    assert found["restriction"] == 0  # none left with the plain view's catch-all kind
    american = P + "American"
    assert edges(pizza, american, "some") == {
        ("MozzarellaTopping", "hasTopping", None),
        ("PeperoniSausageTopping", "hasTopping", None),
        ("TomatoTopping", "hasTopping", None),
    }
    # `only (A or B or C)`: one edge per member of the union
    assert edges(pizza, american, "only") == edges(pizza, american, "some")
    assert edges(pizza, american, "value") == {("America", "hasCountryOfOrigin", None)}
    # InterestingPizza ≡ Pizza and (hasTopping min 3): unqualified, to a Thing of its own
    ((thing, data),) = [
        (o, d) for _, o, d in pizza.out_edges(P + "InterestingPizza", data=True) if d["kind"] == "cardinality"
    ]
    assert (data["restriction"], data["cardinality"], data["qualified"]) == ("min", "3", False)
    assert pizza.nodes[thing]["label"] == "Thing" and pizza.nodes[thing]["iri"] == str(OWL.Thing)


def test_pizza_someValuesFrom_restrictions_are_all_drawn(pizza: nx.MultiDiGraph) -> None:
    """Checked against rdflib: every existential restriction on a named filler, stated as a superclass."""
    source = rdflib.Graph().parse(PIZZA)
    expected = set()
    for cls, restriction in source.subject_objects(RDFS.subClassOf):
        filler = source.value(restriction, OWL.someValuesFrom)
        if isinstance(cls, rdflib.URIRef) and isinstance(filler, rdflib.URIRef):
            expected.add((str(cls), str(source.value(restriction, OWL.onProperty)), str(filler)))
    drawn = {(s, d["iri"], o) for s, o, d in pizza.edges(data=True) if d["kind"] == "some"}
    assert expected and expected <= drawn


def test_pizza_disjointness_is_one_edge_per_pair_hidden_at_first(pizza: nx.MultiDiGraph) -> None:
    source = rdflib.Graph().parse(PIZZA)
    triples = list(source.subject_objects(OWL.disjointWith))
    pairs = {frozenset((str(a), str(b))) for a, b in triples}
    assert (len(triples), len(pairs)) == (796, 398)  # every pair is stated both ways
    drawn = [(s, o) for s, o, d in pizza.edges(data=True) if d["kind"] == "disjoint"]
    assert len(drawn) == pizza.graph["disjoint_pairs"] == 398
    assert {frozenset(pair) for pair in drawn} == pairs
    assert DISJOINT_SHOWN < 398 and pizza.graph["hidden_kinds"] == ["disjoint"]
    assert pizza.graph["toggles"] == ["disjoint"]
    assert schema_view(shared(PIZZA), disjointness=True).graph["hidden_kinds"] == []
    margherita = pizza.nodes[P + "Margherita"]["attributes"]
    assert "Rosa" in margherita["disjoint with (22)"]


def test_pizza_property_facts_and_equivalent_classes(pizza: nx.MultiDiGraph) -> None:
    facts = next(d["facts"] for _, _, d in pizza.edges(data=True) if d["iri"] == P + "hasTopping")
    assert facts == [
        ["characteristics", "inverse functional"],
        ["subproperty of", "hasIngredient"],
        ["inverse of", "isToppingOf"],
        ["domain", "Pizza"],
        ["range", "CoberturaDaPizza"],
    ]
    base = next(d["facts"] for _, _, d in pizza.edges(data=True) if d["iri"] == P + "hasBase")
    assert ["characteristics", "functional, inverse functional"] in base
    cheesy = pizza.nodes[P + "CheeseyPizza"]["attributes"]
    assert cheesy["equivalent to"] == ["Pizza and (hasTopping some CoberturaDeQueijo)"]
    # a defined class is filed under the named classes of its definition
    assert pizza.has_edge(P + "CheeseyPizza", P + "Pizza", str(RDFS.subClassOf))
    assert pizza.nodes[P + "CheeseyPizza"]["tree_parent"] == P + "Pizza"


# --- small fixtures: the other ways of saying disjointness, equivalence, datatype properties -------

ZOO = f"""@prefix : <{EX}> . @prefix owl: <{OWL}> . @prefix rdfs: <{RDFS}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:Animal a owl:Class ; owl:disjointUnionOf ( :Bird :Fish :Mammal ) .
:Bird a owl:Class . :Fish a owl:Class . :Mammal a owl:Class . :Plant a owl:Class . :Rock a owl:Class .
:Robot a owl:Class ; owl:disjointWith :Beast .
[] a owl:AllDisjointClasses ; owl:members ( :Animal :Plant :Rock ) .
:Beast a owl:Class ; owl:equivalentClass :Mammal .
:Keeper a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :feeds ;
    owl:maxQualifiedCardinality "4"^^xsd:nonNegativeInteger ; owl:onClass :Animal ] ,
  [ a owl:Restriction ; owl:onProperty :feeds ; owl:cardinality "2"^^xsd:nonNegativeInteger ] .
:feeds a owl:ObjectProperty , owl:FunctionalProperty ; rdfs:domain :Keeper ; rdfs:range :Animal .
:legs a owl:DatatypeProperty ; rdfs:domain :Animal ; rdfs:range xsd:integer .
:name a owl:DatatypeProperty ; rdfs:domain :Animal .
"""


def test_all_the_ways_of_saying_disjoint_are_drawn() -> None:
    view = schema_view(kg.load(data=ZOO, format="turtle", ontology=False))
    pairs = {
        frozenset((s.removeprefix(EX), o.removeprefix(EX))): d["via"]
        for s, o, d in view.edges(data=True)
        if d["kind"] == "disjoint"
    }
    assert pairs == {
        frozenset(("Bird", "Fish")): "owl:disjointUnionOf",
        frozenset(("Bird", "Mammal")): "owl:disjointUnionOf",
        frozenset(("Fish", "Mammal")): "owl:disjointUnionOf",
        frozenset(("Animal", "Plant")): "owl:AllDisjointClasses",
        frozenset(("Animal", "Rock")): "owl:AllDisjointClasses",
        frozenset(("Plant", "Rock")): "owl:AllDisjointClasses",
        frozenset(("Beast", "Robot")): "owl:disjointWith",  # stated one way only
    }
    assert view.graph["hidden_kinds"] == []  # few: shown at first
    # the members of a disjoint union are its subclasses
    assert {s for s, o, d in view.edges(data=True) if d["kind"] == "subclass"} == {
        EX + m for m in ("Bird", "Fish", "Mammal")
    }


def test_equivalence_cardinalities_and_datatype_properties() -> None:
    view = schema_view(kg.load(data=ZOO, format="turtle", ontology=False))
    assert [(s, o) for s, o, d in view.edges(data=True) if d["kind"] == "equivalent"] == [
        (EX + "Beast", EX + "Mammal")
    ]
    assert edges(view, EX + "Keeper", "max") == {(EX + "Animal", "feeds", "4")}
    assert edges(view, EX + "Keeper", "cardinality") == {(f"{OWL}Thing {EX}Keeper", "feeds", "2")}
    boxes = {
        view.nodes[o]["label"]: d["label"]
        for _, o, d in view.out_edges(EX + "Animal", data=True)
        if d["kind"] == "data-property"
    }
    assert boxes == {"integer": "legs", "Literal": "name"}
    assert {
        view.nodes[o]["kind"]
        for _, o, d in view.out_edges(EX + "Animal", data=True)
        if d["kind"] == "data-property"
    } == {"data-value"}
    feeds = next(d for _, _, d in view.edges(data=True) if d["kind"] == "max")
    assert feeds["qualified"] is True and ["characteristics", "functional"] in feeds["facts"]


def test_our_ontology_has_datatype_boxes_and_subproperties() -> None:
    view = schema_view(kg.load())
    found = kinds(view)
    assert found["data-property"] == 4 and found["value"] == 5 and found["disjoint"] == 66
    generates = next(d for _, _, d in view.edges(data=True) if d["iri"] == GAI + "generatesModality")
    assert ["subproperty of", "has modality"] in generates["facts"]


def test_unknown_layout() -> None:
    with pytest.raises(UnknownNameError, match="unknown layout 'radial'"):
        schema_view(kg.load(), layout="radial")


# --- large ontologies: a tree whose branches are laid out apart -----------------------------------


def overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def test_aio_is_laid_out_as_a_tree_of_separate_branches() -> None:
    view = schema_view(shared(AIO))
    assert view.graph["layout"] == "tree" and view.graph["physics"] is False
    names = [view.nodes[b]["label"] for b in view.graph["branches"]]
    assert sorted(names) == sorted(
        [
            "Bias",
            "Layer",
            "Machine Learning Task",
            "Mathematical Function",
            "Model",
            "Network",
            "Preprocessing",
            "TrainingStrategy",
        ]
    )
    blocks = view.graph["blocks"]
    for node, data in view.nodes(data=True):  # every node inside its branch's box
        x0, y0, x1, y1 = blocks[data["branch"]]
        assert x0 <= data["x"] <= x1 and y0 <= data["y"] <= y1, node
    boxes = [blocks[b] for b in view.graph["branches"]]
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    # a child is right of its parent, and no two nodes are at the same place
    for _, data in view.nodes(data=True):
        if data["tree_parent"]:
            assert data["x"] >= view.nodes[data["tree_parent"]]["x"] + 230.0
    places = [(d["x"], d["y"]) for _, d in view.nodes(data=True)]
    assert len(set(places)) == len(places)
    # the blocks together are about as wide as high (not one tall column)
    x0, y0 = min(b[0] for b in blocks.values()), min(b[1] for b in blocks.values())
    x1, y1 = max(b[2] for b in blocks.values()), max(b[3] for b in blocks.values())
    assert 0.5 < (x1 - x0) / (y1 - y0) < 3


def test_large_trees_start_collapsed_to_their_first_levels() -> None:
    aio = schema_view(shared(AIO))
    assert aio.number_of_nodes() == 442 and aio.graph["collapse_depth"] == 1
    assert sum(1 for _, d in aio.nodes(data=True) if d["depth"] <= 1) == 114
    assert schema_view(shared(AIO), collapse=False).graph["collapse_depth"] is None
    assert schema_view(shared(AIO), collapse=3).graph["collapse_depth"] == 3
    assert schema_view(shared(PIZZA)).graph["collapse_depth"] is None  # 102 nodes: whole


def test_schema_org_branches_are_the_children_of_thing() -> None:
    view = schema_view(shared(SCHEMA_ORG))
    thing = "https://schema.org/Thing"
    assert view.graph["tree_roots"] == [thing] and view.graph["layout"] == "tree"
    names = {view.nodes[b]["label"] for b in view.graph["branches"]}
    assert {"Action", "CreativeWork", "Event", "Intangible", "Organization", "Place", "Product"} <= names
    assert view.nodes["https://schema.org/Book"]["branch"] == "https://schema.org/CreativeWork"
    boxes = [view.graph["blocks"][b] for b in view.graph["branches"]]
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_layouts_chosen_by_size_or_by_name() -> None:
    assert schema_view(kg.load()).graph["layout"] == "force"
    tree = schema_view(kg.load(), layout="tree")
    assert tree.graph["layout"] == "tree" and all({"x", "y"} <= set(d) for _, d in tree.nodes(data=True))
    assert "x" not in next(iter(schema_view(kg.load(), layout="force").nodes.values()))


def test_tree_layout_is_deterministic() -> None:
    view = nx.MultiDiGraph()
    for node, up in [("r", ""), ("b", "r"), ("a", "r"), ("c", "a")]:
        view.add_node(node, tree_parent=up, branch="r", label=node)
    tree_layout(view)
    assert {n: (d["x"], d["y"]) for n, d in view.nodes(data=True)} == {
        "r": (0.0, 23.0),
        "a": (230.0, 0.0),
        "c": (460.0, 0.0),
        "b": (230.0, 46.0),
    }


def test_a_schema_page_of_ones_own_file_keeps_what_is_drawn_for_its_classes() -> None:
    from tests.test_pages import data_of

    robots = f"""@prefix : <{EX}> . @prefix owl: <{OWL}> . @prefix rdfs: <{RDFS}> .
    :Robot a owl:Class . :Android a owl:Class ; rdfs:subClassOf :Robot .
    :Cyborg a owl:Class ; owl:disjointWith :Android .
    :serial a owl:DatatypeProperty ; rdfs:domain :Robot ;
      rdfs:range <http://www.w3.org/2001/XMLSchema#string> ."""
    data = data_of(kg.render(kg.load(data=robots, format="turtle"), view="schema"))
    assert sorted(n["label"] for n in data["nodes"]) == ["Android", "Cyborg", "Robot", "string"]
    assert {k: v["count"] for k, v in data["edgeKinds"].items()} == {
        "subclass": 1,
        "disjoint": 1,
        "data-property": 1,
    }


def test_kg_viz_options_of_the_schema_view(tmp_path: Path) -> None:
    from tests.helpers import run_kg

    def meta(*args: str) -> dict[str, object]:
        target = tmp_path / "page.html"
        result = run_kg("viz", *args, "-o", str(target))
        assert result.exit_code == 0 and result.stdout == f"{target}\n", result.stderr
        text = target.read_text(encoding="utf-8")
        start = text.index('id="kg-data">') + len('id="kg-data">')
        found: dict[str, object] = json.loads(text[start : text.index("</script>", start)])["meta"]
        return found

    assert (meta()["layout"], meta()["hiddenKinds"]) == ("force", ["disjoint"])  # 66 pairs: hidden at first
    assert (meta("--layout", "tree")["layout"], meta("--disjointness")["hiddenKinds"]) == ("tree", [])
    need(PIZZA.is_file(), f"{PIZZA} is missing")
    pizza = meta(str(PIZZA), "--no-ontology")
    assert (pizza["layout"], pizza["hiddenKinds"], pizza["toggles"]) == ("tree", ["disjoint"], ["disjoint"])
    refused = run_kg("viz", "--view", "full", "--layout", "tree")
    assert refused.exit_code == 2
    assert refused.stderr == "Error: layout= only applies to the schema view, not to the full view\n"
