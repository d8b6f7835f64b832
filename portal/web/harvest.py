"""The harvest page: each department's datasets with their latest harvest and last error."""

from itertools import groupby

from flask import Blueprint, render_template, request

from directory.model import UPDATE_FREQUENCIES
from portal.context import db_session
from portal.harvest_queries import harvest_runs, harvest_status

harvest_pages = Blueprint("harvest", __name__)
RECENT_RUNS = 20


@harvest_pages.route("/harvest")
def harvest_page():
    session = db_session()
    department = request.args.get("department", "").strip()[:100] or None
    statuses = harvest_status(session, department=department)
    departments = [
        {"id": key[0], "name": key[1], "datasets": list(group)}
        for key, group in groupby(
            statuses, key=lambda s: (s["department"]["id"], s["department"]["name"])
        )
    ]
    return render_template(
        "harvest.html",
        departments=departments,
        runs=harvest_runs(session, department=department, limit=RECENT_RUNS),
        update_labels={k: v[0] for k, v in UPDATE_FREQUENCIES.items()},
        failing=sum(1 for s in statuses if (s["last_run"] or {}).get("status") == "failed"),
        department=department,
    )
