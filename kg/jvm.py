"""The Java that owlready2 runs: found once, and checked to be recent enough for HermiT and the OWL API.

Both OWL 2 DL reasoning (:mod:`kg.reasoning.hermit`) and the OWL syntaxes read through the OWL API
(:mod:`kg.owl`) need it; it lives below both so that neither imports the other.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from kg.errors import ToolMissingError

__all__ = ["MIN_JAVA", "java_version"]

#: The oldest Java that runs the HermiT of owlready2.
MIN_JAVA = 11


def java_version() -> int:
    """The major version of the ``java`` that owlready2 runs, checked to be recent enough for HermiT.

    Returns:
        The major version, e.g. ``17``.

    Raises:
        ToolMissingError: when there is no Java, or it is older than Java 11; the message says what to
            install (or to use the ``rl`` profile, which needs no Java).

    >>> try:
    ...     recent = java_version() >= 11
    ... except ToolMissingError as missing:  # no Java here: the message says what to install
    ...     recent = "install a Java runtime" in str(missing)
    >>> recent
    True
    """
    import owlready2

    install = ("install a Java runtime 11 or newer (e.g. `apt-get install default-jre-headless`), "
               "or reason with the OWL 2 RL profile `rl`, which needs no Java")  # fmt: skip
    java = shutil.which(owlready2.JAVA_EXE)
    if java is None:
        raise ToolMissingError(
            f"OWL 2 DL reasoning runs HermiT, which needs Java, and no `{owlready2.JAVA_EXE}` was found; "
            + install
        )
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise ToolMissingError(f"cannot run {java} ({e}); {install}") from e
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if match is None:
        raise ToolMissingError(f"cannot tell the version of {java}; {install}")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0" is Java 8
        major = int(match.group(2))
    if major < MIN_JAVA:
        raise ToolMissingError(
            f"HermiT needs Java {MIN_JAVA} or newer, and {java} is Java {major}; {install}"
        )
    return major
