"""The revisions of the catalogue schema, oldest first (their ids sort in order)."""
