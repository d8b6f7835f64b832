"""What the catalogue gained after the first release, before Alembic existed.

harvest_items records where an item came from and why it failed (source, detail, reason: the
columns portal/schema.py used to patch in), and five tables arrived: publish tokens, download
counts, citizen feedback, access grants and the slim search key rows.

Databases made before Alembic were built by `create_all` at whichever commit was running, so
such a database (stamped at 0001 by portal/migrate.py) may already hold any of these. This
revision therefore adds only what is missing; on a database created by 0001 it adds all of it.
New columns get a server default, so rows already there take the value the code would have
written ('').

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _harvest_item_columns() -> list[sa.Column]:
    return [
        sa.Column("source", sa.Text(), nullable=False, server_default=""),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("reason", sa.String(40), nullable=False, server_default=""),
    ]


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    present = {c["name"] for c in inspector.get_columns("harvest_items")}
    for column in _harvest_item_columns():
        if column.name not in present:
            op.add_column("harvest_items", column)
    tables = set(inspector.get_table_names())
    for name, create in NEW_TABLES.items():
        if name not in tables:
            create()


def _publish_tokens() -> None:
    op.create_table(
        "publish_tokens",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("department_id", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_publish_tokens_department_id", "publish_tokens", ["department_id"])


def _download_counts() -> None:
    op.create_table(
        "download_counts",
        sa.Column("dataset_name", sa.String(100), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )


def _feedback_items() -> None:
    op.create_table(
        "feedback_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("dataset_name", sa.String(100), nullable=False),
        sa.Column("department_id", sa.String(100), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_feedback_items_dataset_name", "feedback_items", ["dataset_name"])


def _access_grants() -> None:
    op.create_table(
        "access_grants",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("dataset_name", sa.String(100), nullable=False),
        sa.Column("applicant", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("decided", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_access_grants_dataset_name", "access_grants", ["dataset_name"])
    op.create_index("ix_access_grants_token_hash", "access_grants", ["token_hash"])


def _dataset_search_keys() -> None:
    op.create_table(
        "dataset_search_keys",
        # INTEGER on SQLite makes the key the rowid itself (see portal/search_keys.py).
        sa.Column(
            "key",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column(
            "name",
            sa.String(100),
            sa.ForeignKey("datasets.name", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("search_title", sa.Text(), nullable=False),
        sa.Column("department_id", sa.String(100), nullable=False),
        sa.Column("area_id", sa.String(100), nullable=False),
        sa.Column("license_id", sa.String(50), nullable=False),
        sa.Column("open", sa.String(20), nullable=False),
        sa.Column("metadata_created", sa.DateTime(), nullable=False),
        sa.Column("metadata_modified", sa.DateTime(), nullable=False),
        sa.Column("formats", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_dataset_search_keys_metadata_modified", "dataset_search_keys", ["metadata_modified"]
    )


NEW_TABLES = {
    "publish_tokens": _publish_tokens,
    "download_counts": _download_counts,
    "feedback_items": _feedback_items,
    "access_grants": _access_grants,
    "dataset_search_keys": _dataset_search_keys,
}


def downgrade() -> None:
    raise NotImplementedError("the catalogue is migrated forward only; restore a backup instead")
