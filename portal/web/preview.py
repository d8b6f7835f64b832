"""The dataset page's table preview: paging, sorting and one column filter from the query string.

Everything travels in ordinary links and a GET form, so the table works without JavaScript. The
rows come from the row store's datastore_search; a value the column cannot hold is reported to
the citizen, never turned into an error page.
"""

from dataclasses import asdict, dataclass

from flask import request
from sqlalchemy import Connection

from portal.errors import ValidationError
from portal.rowstore import RowQuery, search_rows

PER_PAGE = 20
MAX_PAGE = 100_000
MAX_TEXT = 100


@dataclass(frozen=True)
class PreviewState:
    page: int = 1
    sort: str = ""
    order: str = "asc"
    col: str = ""
    val: str = ""
    q: str = ""
    token: str = ""  # a conditional dataset's access token, kept in every link of the table

    def link_args(self, **changes) -> dict:
        """Query arguments for a link to another view of the table (empty ones left out)."""
        values = {**asdict(self), **changes}
        return {k: v for k, v in values.items() if v not in ("", None) and (k, v) != ("page", 1)}


def read_state(fields: list[dict], token: str = "") -> PreviewState:
    names = {f["name"] for f in fields}
    args = request.args
    raw_page = args.get("page", "1")
    page = int(raw_page) if raw_page.isdecimal() and 0 < int(raw_page) <= MAX_PAGE else 1
    sort = args.get("sort", "")
    col = args.get("col", "")
    return PreviewState(
        page=page,
        sort=sort if sort in names else "",
        order="desc" if args.get("order") == "desc" else "asc",
        col=col if col in names else "",
        val=args.get("val", "").strip()[:MAX_TEXT],
        q=args.get("q", "").strip()[:MAX_TEXT],
        token=token,
    )


def load_preview(conn: Connection, resource: dict, state: PreviewState) -> dict:
    """One page of rows with the total and page count; `error` says why a filter was dropped."""
    query = RowQuery(
        filters={state.col: state.val} if state.col and state.val else {},
        q=state.q,
        sort=f"{state.sort} {state.order}" if state.sort else "",
        limit=PER_PAGE,
        offset=(state.page - 1) * PER_PAGE,
        fields=None,
        include_total=True,
    )
    error = ""
    try:
        found = search_rows(conn, resource["row_table"], resource["fields"], query)
    except ValidationError:
        error = "invalid-filter"
        query = RowQuery({}, "", query.sort, PER_PAGE, 0, None, True)
        found = search_rows(conn, resource["row_table"], resource["fields"], query)
        state = PreviewState(sort=state.sort, order=state.order, token=state.token)
    total = found["total"] or 0
    return {
        "records": found["records"],
        "total": total,
        "pages": max(1, -(-total // PER_PAGE)),
        "state": state,
        "error": error,
        "first_row": query.offset + 1,
    }
