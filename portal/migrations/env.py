"""Alembic's entry point: migrate the connection portal/migrate.py hands over.

The caller opens the transaction (and takes the lock), so this runs inside it and never
commits by itself.
"""

from alembic import context

from portal.migrate import include_object, target_metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `portal db upgrade` (portal/migrate.py)")

context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
