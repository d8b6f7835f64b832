"""Alembic's migration environment for the catalogue database (see portal/migrate.py).

`env.py` and `versions/` live inside the package so that an installed portal finds them; Alembic
is configured in code (portal/migrate.py), so no alembic.ini is needed.
"""
