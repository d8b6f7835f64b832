"""What each CKAN action takes, declared once: help_show and the OpenAPI description read it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # an OpenAPI schema type: string, integer, boolean, array, object
    description: str
    required: bool = False


LIST = (
    Param("limit", "integer", "how many (max 1000)"),
    Param("offset", "integer", "how many to skip"),
)
OWNER_LIST = (
    Param("all_fields", "boolean", "dicts instead of names"),
    Param("sort", "string", "title asc (default), name asc or package_count desc"),
    *LIST,
)
OWNER_SHOW = (
    Param("id", "string", "name or UUID", required=True),
    Param("include_datasets", "boolean", "list its datasets (max 1000)"),
)

ACTION_SPECS: dict[str, tuple[str, tuple[Param, ...]]] = {
    "site_read": ("Return true: the site can be read.", ()),
    "status_show": ("Site title, URL, CKAN version spoken and extensions.", ()),
    "package_list": ("Names of all published datasets, sorted.", LIST),
    "package_show": (
        "One dataset with its resources.",
        (Param("id", "string", "name or UUID", True),),
    ),
    "package_search": (
        "Search datasets, with facets.",
        (
            Param("q", "string", "words (医院 OR 诊所, 医院 AND 名录) and field:value terms"),
            Param(
                "fq",
                "string",
                'filters: organization:ID groups:ID tags:"医院" res_format:CSV, '
                "-field:value, metadata_modified:[2024-01-01T00:00:00Z TO *]",
            ),
            Param(
                "facet.field",
                "array",
                "JSON list of organization, groups, tags, res_format, license_id, open",
            ),
            Param("facet.limit", "integer", "values per facet (default 50, -1 for all)"),
            Param(
                "sort",
                "string",
                "score desc, metadata_modified desc, name asc, title_string asc, id asc",
            ),
            Param("rows", "integer", "results per page (default 10, max 1000)"),
            Param("start", "integer", "results to skip"),
        ),
    ),
    "current_package_list_with_resources": (
        "Datasets with resources, most recently modified first.",
        (*LIST, Param("page", "integer", "page number, with limit")),
    ),
    "organization_list": ("Departments (CKAN organizations).", OWNER_LIST),
    "group_list": ("Areas (CKAN groups).", OWNER_LIST),
    "organization_show": ("One department with package_count.", OWNER_SHOW),
    "group_show": ("One area with package_count.", OWNER_SHOW),
    "tag_list": (
        "Keywords used by published datasets.",
        (
            Param("query", "string", "part of a keyword"),
            Param("all_fields", "boolean", "dicts instead of names"),
        ),
    ),
    "license_list": ("Licenses datasets may be published under.", ()),
    "resource_show": (
        "One resource (a conditional dataset's: with its approved token as API key).",
        (Param("id", "string", "resource UUID", True),),
    ),
    "datastore_search": (
        "Rows of a tabular resource (a conditional dataset's: with its approved token as API key).",
        (
            Param("resource_id", "string", "resource UUID", required=True),
            Param("filters", "object", 'JSON object {"field": value or [values]}'),
            Param("q", "string", "words found in any text field, or a JSON object {field: words}"),
            Param("fields", "array", "fields to return (list or comma-separated)"),
            Param("sort", "string", "e.g. city asc, beds desc"),
            Param("distinct", "boolean", "only distinct rows of the returned fields"),
            Param("limit", "integer", "rows (default 100, max 32000)"),
            Param("offset", "integer", "rows to skip"),
            Param("include_total", "boolean", "count the matching rows (default true)"),
            Param("records_format", "string", "objects (default), lists, csv or tsv"),
        ),
    ),
    "help_show": (
        "What an action does and which parameters it takes.",
        (Param("name", "string", "action name", True),),
    ),
    "harvest_status_show": (
        "Each harvested dataset's latest outcome, last success and last error in plain words.",
        (
            Param("id", "string", "one dataset (its name)"),
            Param("department", "string", "the datasets of one department (organization name)"),
        ),
    ),
    "harvest_run_list": (
        "Harvest runs, newest first, with each dataset's outcome, counts and durations.",
        (
            Param("id", "string", "only runs and items of this dataset"),
            Param("department", "string", "only runs and items of this department"),
            Param("limit", "integer", "how many runs (default 20, max 1000)"),
            Param("offset", "integer", "how many runs to skip"),
        ),
    ),
}


def help_text(action: str) -> str:
    summary, params = ACTION_SPECS[action]
    lines = [summary] + [
        f"  {p.name} ({p.type}{', required' if p.required else ''}): {p.description}"
        for p in params
    ]
    return "\n".join(lines if params else [summary])
