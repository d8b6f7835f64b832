"""The catalogue as the first release created it (before Alembic): the baseline.

A database that `create_all` built before migrations existed has these tables and no
`alembic_version`; portal/migrate.py stamps it at this revision and upgrades it from here.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "departments",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "directory_entries",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("department_id", sa.String(100), nullable=False),
        sa.Column("area_id", sa.String(100), nullable=False),
        sa.Column("open", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("update", sa.String(20), nullable=False),
        sa.Column("license_id", sa.String(50), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("published", sa.String(10), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
    )
    op.create_table(
        "datasets",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("department_id", sa.String(100), nullable=False),
        sa.Column("area_id", sa.String(100), nullable=False),
        sa.Column("open", sa.String(20), nullable=False),
        sa.Column("license_id", sa.String(50), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("metadata_created", sa.DateTime(), nullable=False),
        sa.Column("metadata_modified", sa.DateTime(), nullable=False),
        sa.Column("descriptor", sa.JSON(), nullable=False),
        sa.Column("search_title", sa.Text(), nullable=False),
        sa.Column("search_body", sa.Text(), nullable=False),
    )
    op.create_index("ix_datasets_department_id", "datasets", ["department_id"])
    op.create_index("ix_datasets_area_id", "datasets", ["area_id"])
    op.create_index("ix_datasets_metadata_modified", "datasets", ["metadata_modified"])
    op.create_table(
        "versions",
        sa.Column(
            "dataset_name",
            sa.String(100),
            sa.ForeignKey("datasets.name", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("quality", sa.JSON(), nullable=False),
    )
    op.create_table(
        "resources",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "dataset_name",
            sa.String(100),
            sa.ForeignKey("datasets.name", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("last_modified", sa.DateTime(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("row_table", sa.String(80), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=True),
    )
    op.create_index("ix_resources_dataset_name", "resources", ["dataset_name"])
    op.create_table(
        "dataset_tags",
        sa.Column(
            "dataset_name",
            sa.String(100),
            sa.ForeignKey("datasets.name", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("tag", sa.String(100), primary_key=True),
    )
    op.create_index("ix_dataset_tags_tag", "dataset_tags", ["tag"])
    op.create_table(
        "harvest_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("started", sa.DateTime(), nullable=False),
        sa.Column("finished", sa.DateTime(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("published", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
    )
    op.create_table(
        "harvest_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey("harvest_runs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("dataset_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
    )
    op.create_index("ix_harvest_items_run_id", "harvest_items", ["run_id"])
    op.create_index("ix_harvest_items_dataset_id", "harvest_items", ["dataset_id"])


def downgrade() -> None:
    raise NotImplementedError("the catalogue is migrated forward only; restore a backup instead")
