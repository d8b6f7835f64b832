"""The query layer: plain dicts for pages, the CKAN API and downloads. Never ORM objects."""

from collections import defaultdict

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from directory.licenses import find_license
from directory.model import OPEN_LABELS, UPDATE_FREQUENCIES
from portal.identifiers import group_uuid, organization_uuid
from portal.models import (
    AreaRow,
    DatasetRow,
    DepartmentRow,
    EntryRow,
    ResourceRow,
    TagRow,
    VersionRow,
)


def dataset_details(session: Session, names: list[str]) -> list[dict]:
    """Full details of the named published datasets, in the order given.

    Core rows, not ORM objects (a search builds ten of these per request). The area is its
    name without a dataset count: nothing shows an area's count beside a dataset, and counting
    an area's tens of thousands of datasets cost a search at 100k more than a millisecond.
    """
    if not names:
        return []
    rows = {r.name: r for r in session.execute(_DETAIL_ROWS, {"names": names})}
    resources = defaultdict(list)
    for r in session.execute(_DETAIL_RESOURCES, {"names": names}):
        resources[r.dataset_name].append(_resource(r))
    versions = defaultdict(list)
    for v in session.execute(_DETAIL_VERSIONS, {"names": names}):
        versions[v.dataset_name].append(_version(v))
    only_departments = {r.department_id for r in rows.values()}
    departments = {d["id"]: d for d in departments_with_counts(session, only_departments)}
    areas = {a["id"]: a for a in _areas(session, {r.area_id for r in rows.values()})}
    return [
        _detail(rows[n], resources[n], versions[n], departments, areas) for n in names if n in rows
    ]


_DETAIL_ROWS = select(
    *(c for c in DatasetRow.__table__.columns if c.name not in ("search_title", "search_body"))
).where(DatasetRow.name.in_(bindparam("names", expanding=True)))
_DETAIL_RESOURCES = (
    select(ResourceRow.__table__)
    .where(ResourceRow.dataset_name.in_(bindparam("names", expanding=True)))
    .order_by(ResourceRow.position)
)
_DETAIL_VERSIONS = (
    select(VersionRow.__table__)
    .where(VersionRow.dataset_name.in_(bindparam("names", expanding=True)))
    .order_by(VersionRow.number.desc())
)


def dataset_detail(session: Session, name_or_id: str) -> dict | None:
    name = session.scalar(
        select(DatasetRow.name).where(
            (DatasetRow.name == name_or_id) | (DatasetRow.id == name_or_id)
        )
    )
    found = dataset_details(session, [name]) if name else []
    return found[0] if found else None


def _detail(row: DatasetRow, resources, versions, departments, areas) -> dict:
    descriptor = row.descriptor
    portal = descriptor["portal"]
    lic = find_license(row.license_id)
    schema = descriptor["resources"][0]["schema"] if descriptor["resources"] else {"fields": []}
    return {
        "name": row.name,
        "id": row.id,
        "title": row.title,
        "title_en": portal.get("title_en", ""),
        "code": portal.get("code", ""),
        "summary": descriptor.get("description", ""),
        "keywords": descriptor.get("keywords", []),
        "department": departments.get(
            row.department_id, {"id": row.department_id, "name": row.department_id}
        ),
        "area": areas.get(row.area_id, {"id": row.area_id, "name": row.area_id}),
        "open": row.open,
        "open_label": OPEN_LABELS[row.open],
        "reason": portal.get("reason", ""),
        "update": portal.get("update", ""),
        "update_label": UPDATE_FREQUENCIES.get(portal.get("update", ""), ("", None))[0],
        "license": {
            "id": row.license_id,
            "title": lic.title if lic else row.license_id,
            "url": lic.url if lic else "",
        },
        "published": portal.get("published", ""),
        "version": row.version,
        "rows": row.rows,
        "created": row.metadata_created,
        "modified": row.metadata_modified,
        "quality": portal.get("quality", {}),
        "screening": portal.get("screening", {}),
        "fields": schema["fields"],
        "primary_key": schema.get("primaryKey", []),
        # What anyone may see; "all_resources" also holds a conditional dataset's resources,
        # shown only to a token approved for it (portal.access.token_allows).
        "resources": resources if row.open == "open" else [],
        "all_resources": resources,
        "versions": versions,
    }


def _resource(r: ResourceRow) -> dict:
    return {
        "id": r.id,
        "dataset_name": r.dataset_name,
        "position": r.position,
        "name": r.name,
        "format": r.format,
        "path": r.path,
        "size": r.size,
        "hash": r.hash,
        "created": r.created,
        "last_modified": r.last_modified,
        "fields": r.fields,
        "row_table": r.row_table,
        "datastore_active": bool(r.row_table),
    }


def _version(v: VersionRow) -> dict:
    return {
        "number": v.number,
        "created": v.created,
        "rows": v.rows,
        "content_hash": v.content_hash,
        "quality_score": (v.quality or {}).get("score"),
    }


# Every datastore_search starts here: one indexed Core query (no ORM objects, no second query
# for the dataset's open attribute), built once; SQLAlchemy caches its compiled form.
_RESOURCE_WITH_OPEN = (
    select(*ResourceRow.__table__.columns, DatasetRow.open)
    .join(DatasetRow, DatasetRow.name == ResourceRow.dataset_name)
    .where(ResourceRow.id == bindparam("resource_id"))
)


def resource_detail(session: Session, resource_id: str) -> dict | None:
    """One resource with its dataset's open attribute (`open`), whether public or not."""
    row = session.connection().execute(_RESOURCE_WITH_OPEN, {"resource_id": resource_id}).first()
    if row is None:
        return None
    found = _resource(row)
    found["open"] = row.open
    return found


def dataset_names(session: Session, limit: int | None = None, offset: int = 0) -> list[str]:
    statement = select(DatasetRow.name).order_by(DatasetRow.name).offset(offset)
    return list(session.scalars(statement.limit(limit) if limit is not None else statement))


def recent_dataset_names(session: Session, limit: int | None = None, offset: int = 0) -> list[str]:
    statement = select(DatasetRow.name).order_by(
        DatasetRow.metadata_modified.desc(), DatasetRow.name
    )
    statement = statement.offset(offset)
    return list(session.scalars(statement.limit(limit) if limit is not None else statement))


def _counts(session: Session, column, only: set[str] | None = None) -> dict[str, int]:
    statement = select(column, func.count()).group_by(column)
    if only is not None:
        statement = statement.where(column.in_(only))
    return dict(session.execute(statement).all())


def areas_with_counts(session: Session, only: set[str] | None = None) -> list[dict]:
    """Every area with its dataset count; with `only`, just those areas (cheaper)."""
    counts = _counts(session, DatasetRow.area_id, only)
    return [{**a, "package_count": counts.get(a["id"], 0)} for a in _areas(session, only)]


def _areas(session: Session, only: set[str] | None = None) -> list[dict]:
    statement = select(AreaRow.__table__).order_by(AreaRow.position)
    if only is not None:
        statement = statement.where(AreaRow.id.in_(only))
    return [
        {
            "id": a.id,
            "uuid": group_uuid(a.id),
            "name": a.name,
            "name_en": a.name_en,
            "description": a.description,
            "priority": a.priority,
        }
        for a in session.execute(statement)
    ]


def departments_with_counts(session: Session, only: set[str] | None = None) -> list[dict]:
    """Every department with its dataset count; with `only`, just those departments."""
    counts = _counts(session, DatasetRow.department_id, only)
    statement = select(DepartmentRow.__table__).order_by(DepartmentRow.position)
    if only is not None:
        statement = statement.where(DepartmentRow.id.in_(only))
    return [
        {
            "id": d.id,
            "uuid": organization_uuid(d.id),
            "name": d.name,
            "name_en": d.name_en,
            "description": d.description,
            "package_count": counts.get(d.id, 0),
        }
        for d in session.execute(statement)
    ]


def owner_names(session: Session, departments: set[str], areas: set[str]) -> dict:
    """Display names of some departments and areas, without counting their datasets."""
    return {
        "organization": dict(
            session.execute(
                select(DepartmentRow.id, DepartmentRow.name).where(
                    DepartmentRow.id.in_(departments)
                )
            ).all()
        ),
        "groups": dict(
            session.execute(select(AreaRow.id, AreaRow.name).where(AreaRow.id.in_(areas))).all()
        ),
    }


def find_by_name_or_uuid(items: list[dict], key: str) -> dict | None:
    return next((i for i in items if key in (i["id"], i["uuid"])), None)


def tag_names(session: Session, query: str = "") -> list[str]:
    statement = select(TagRow.tag).distinct().order_by(TagRow.tag)
    if query:
        statement = statement.where(TagRow.tag.contains(query, autoescape=True))
    return list(session.scalars(statement))


def directory_entries(session: Session) -> list[dict]:
    published = set(session.scalars(select(DatasetRow.name)))
    departments = {d.id: d.name for d in session.scalars(select(DepartmentRow))}
    areas = {a.id: a.name for a in session.scalars(select(AreaRow))}
    return [
        {
            "id": e.id,
            "code": e.code,
            "title": e.title,
            "department": departments.get(e.department_id, ""),
            "area": areas.get(e.area_id, ""),
            "open": e.open,
            "open_label": OPEN_LABELS[e.open],
            "reason": e.reason,
            "update_label": UPDATE_FREQUENCIES[e.update][0],
            "fields": len(e.fields),
            "published": e.id in published,
        }
        for e in session.scalars(select(EntryRow).order_by(EntryRow.position))
    ]
