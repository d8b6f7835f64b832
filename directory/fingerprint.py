"""A fingerprint of everything in the directory that shapes one dataset's package.

A source that answers "not modified" (HTTP 304) is only taken at its word while the directory
entry is the one the last version was built from: a department that marks a column `mask` or
`drop`, renames a field or changes a rule must get a new version at the next harvest, even from
a source whose file did not change.
"""

import dataclasses
import hashlib

from directory.model import Dataset, Directory


def entry_fingerprint(directory: Directory, entry: Dataset) -> str:
    """A short hash of the entry (its place in the file aside), its department and its area."""
    shaping = (
        dataclasses.replace(entry, position=0),
        directory.department(entry.department),
        directory.area(entry.area),
    )
    return hashlib.sha256(repr(shaping).encode("utf-8")).hexdigest()[:32]
