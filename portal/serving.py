"""Production serving: the portal under gunicorn with N worker processes (and T threads each).

Each worker builds its own app (and so its own database engine and connection pool) after the
fork: nothing is preloaded and shared. The app keeps no state in process memory that another
worker would need: sessions live per request, everything else is in the database and the
package store, so workers (or machines) can be added behind any load balancer.

The master upgrades the database schema once before any worker forks, so N workers starting
together find it at head and never race to migrate (portal/migrate.py also locks, for any
other process that starts at the same moment).
"""

from gunicorn.app.base import BaseApplication


class PortalServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from portal import create_app

        return create_app()


def serve_with_gunicorn(
    host: str, port: int, workers: int, timeout: int = 60, threads: int = 1
) -> None:
    """Run until stopped (SIGTERM/SIGINT stop gracefully).

    With `threads` above 1 each worker answers that many requests at once (gunicorn's gthread
    worker): SQLite and PostgreSQL work releases the interpreter lock, so one process can keep
    both cores busy with slow queries while it holds one copy of the dictionaries in memory.
    """
    _upgrade_database()
    PortalServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "timeout": timeout,
            "preload_app": False,
            "accesslog": "-",
        }
    ).run()


def _upgrade_database() -> None:
    from portal.db import Database
    from portal.settings import load_settings

    database = Database(load_settings()["DATABASE_URL"])
    database.create_schema()
    database.dispose()  # no connection may cross the fork into the workers
