"""The Flask app factory: settings, database, package store, then each part registers itself."""

from collections.abc import Mapping

from flask import Flask

from datapackages import PackageStore
from portal.db import Database
from portal.json_response import use_fast_json
from portal.raw_query import RawUtf8Query
from portal.settings import load_settings, packages_dir


def create_app(test_config: Mapping | None = None) -> Flask:
    """Build the app: settings from defaults, then the environment, then `test_config`."""
    app = Flask("portal")  # the package: its templates, static files and logger name
    app.wsgi_app = RawUtf8Query(app.wsgi_app)
    settings = load_settings(overrides=test_config)
    app.config["PORTAL"] = settings
    app.config["JSON_AS_ASCII"] = False
    use_fast_json(app)  # UTF-8, keys in order, as before; orjson encodes the responses
    database = Database(settings["DATABASE_URL"])
    database.create_schema()
    app.extensions["portal_db"] = database
    app.extensions["portal_store"] = PackageStore(packages_dir(settings))

    from portal import context
    from portal.ckan.blueprint import api
    from portal.web.downloads import downloads
    from portal.web.errors import register_error_handlers
    from portal.web.feeds import feeds
    from portal.web.filters import register_filters
    from portal.web.harvest import harvest_pages
    from portal.web.pages import pages
    from portal.web.publish import publish

    app.teardown_appcontext(context.close_session)
    app.register_blueprint(api)
    app.register_blueprint(pages)
    app.register_blueprint(downloads)
    app.register_blueprint(feeds)
    app.register_blueprint(harvest_pages)
    app.register_blueprint(publish)
    register_error_handlers(app)
    register_filters(app)
    from portal.search_text import load_dictionaries
    from portal.web.citizen import register_citizen

    register_citizen(app)
    # A server answers searches: the dictionaries load with it, not on a citizen's first query.
    load_dictionaries()
    return app
