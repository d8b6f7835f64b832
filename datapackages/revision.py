"""The revision of the code that shapes a package: a hash of its modules' source.

A source that is unchanged (HTTP 304, a file with the same bytes) is only skipped while the code
that would package it is the code that packaged it: a deployed change to the screen, the readers,
the normalisation or the licence table gets every dataset rebuilt at its next harvest.
"""

import hashlib
from functools import cache
from pathlib import Path

PACKAGES = ("datapackages", "directory", "harvesters")


@cache
def packaging_revision() -> str:
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for package in PACKAGES:
        for path in sorted((root / package).glob("*.py")):
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
