"""The validation report of a version, in Frictionless's report shape.

Frictionless (the one module that imports it) checks the descriptor against the Data Package
standard; the rows were checked batch by batch by checks.py, whose tasks are merged in here.
Reading every row again with frictionless would cost more than all the rest of packaging.
"""

from datapackages.checks import MAX_ERRORS_KEPT


def validation_report(descriptor: dict, tasks: list[dict]) -> dict:
    """A Frictionless-shaped report: descriptor errors from frictionless, row errors from ours."""
    from frictionless import Package  # heavy import: only when a package is validated

    metadata = Package.validate_descriptor(descriptor)
    package_errors = [
        {"type": e.type, "title": e.title, "message": e.message, "note": e.note}
        for e in metadata.errors[:MAX_ERRORS_KEPT]
    ]
    total = len(metadata.errors) + sum(task["stats"]["errors"] for task in tasks)
    return {
        "valid": total == 0,
        "stats": {"errors": total, "tasks": len(tasks), "warnings": 0, "seconds": 0},
        "warnings": [],
        "errors": package_errors,
        "tasks": tasks,
        "validator": "frictionless (descriptor) + portal row checks",
    }


def error_count(report: dict) -> int:
    return int(report.get("stats", {}).get("errors", 0))
