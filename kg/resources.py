"""Where the content folders (``ontology/``, ``queries/``, ``viz/``) are.

In an installed wheel they are packed inside the package (``kg/ontology`` …, by hatchling's
``force-include``); in a checkout, including an editable install, they sit at the top level next to
``kg/``. This module is the only place that knows either layout.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["content_dir", "ontology_file", "queries_dir", "shapes_file", "viz_dir"]

_PACKAGE = Path(__file__).resolve().parent
_CONTENT = ("ontology", "queries", "viz")


def content_dir(name: str) -> Path:
    """Return the folder of one kind of content, wherever this copy of ``kg`` keeps it.

    Args:
        name: ``"ontology"``, ``"queries"`` or ``"viz"``.

    Returns:
        The existing folder.

    Raises:
        FileNotFoundError: if the folder is in neither place (a broken installation).

    >>> content_dir("queries").is_dir()
    True
    """
    if name not in _CONTENT:
        raise ValueError(f"unknown content folder {name!r}; known: {', '.join(_CONTENT)}")
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the {name}/ folder of genai-kg is missing from {_PACKAGE} and its parent")


def ontology_file(name: str = "genai.ttl") -> Path:
    """Return a file of the embedded ontology; by default its Turtle source.

    >>> ontology_file().name
    'genai.ttl'
    """
    return content_dir("ontology") / name


def shapes_file() -> Path:
    """Return the SHACL shapes for instance data of the GenAI ontology.

    >>> shapes_file().name
    'shapes.ttl'
    """
    return content_dir("ontology") / "shapes.ttl"


def queries_dir() -> Path:
    """Return the folder of named queries.

    >>> (queries_dir() / "classes.rq").is_file()
    True
    """
    return content_dir("queries")


def viz_dir() -> Path:
    """Return the folder of page templates, styles and scripts.

    >>> viz_dir().name
    'viz'
    """
    return content_dir("viz")
