"""The one module that speaks to frictionless: validate a staged package, summarise the report."""

from pathlib import Path

MAX_ERRORS_KEPT = 100


def validate_package(descriptor_path: Path) -> dict:
    """Validate a datapackage.json with frictionless; return a small JSON-ready report."""
    from frictionless import Package  # heavy import: only when a package is validated

    package = Package(str(descriptor_path))
    report = package.validate()
    errors = []
    for task in report.tasks:
        for error in task.errors[:MAX_ERRORS_KEPT]:
            errors.append(
                {
                    "resource": task.name,
                    "type": error.type,
                    "title": error.title,
                    "message": error.message,
                    "row": getattr(error, "row_number", None),
                    "field": getattr(error, "field_name", None),
                }
            )
    errors.extend(
        {"resource": None, "type": e.type, "title": e.title, "message": e.message}
        for e in report.errors
    )
    return {
        "valid": report.valid,
        "errors": report.stats.get("errors", len(errors))
        if isinstance(report.stats, dict)
        else len(errors),
        "error_list": errors[:MAX_ERRORS_KEPT],
        "validator": "frictionless",
    }
