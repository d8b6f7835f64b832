"""Search key rows gain facet_key: one integer per combination of facet values.

A search counts its facets by grouping the matching key rows; grouping by one integer instead
of four text columns made that pass about a third faster at 100k datasets (docs/benchmarks.md,
Search). Existing rows get their key computed here, from the values they hold.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from portal.search_keys import FACET_VALUES, facet_key_of

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLE = "dataset_search_keys"
BATCH = 5000


def upgrade() -> None:
    connection = op.get_bind()
    present = {c["name"] for c in sa.inspect(connection).get_columns(TABLE)}
    if "facet_key" in present:  # a pre-Alembic catalogue made by today's create_all
        return
    op.add_column(
        TABLE, sa.Column("facet_key", sa.BigInteger(), nullable=False, server_default="0")
    )
    keys = sa.table(TABLE, sa.column("key"), sa.column("facet_key"), *map(sa.column, FACET_VALUES))
    rows = connection.execute(sa.select(keys.c.key, *(keys.c[c] for c in FACET_VALUES)))
    update = (
        sa.update(keys)
        .where(keys.c.key == sa.bindparam("row_key"))
        .values(facet_key=sa.bindparam("new_key"))
    )
    changes = [
        {"row_key": row.key, "new_key": facet_key_of(row._mapping)} for row in rows.fetchall()
    ]
    for start in range(0, len(changes), BATCH):
        connection.execute(update, changes[start : start + BATCH])


def downgrade() -> None:
    raise NotImplementedError("the catalogue is migrated forward only; restore a backup instead")
