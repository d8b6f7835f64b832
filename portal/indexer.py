"""Index the published store (and the directory) into the catalogue DB; rebuild it from files."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from datapackages import PackageStore
from datapackages.descriptor import PORTAL_KEY
from directory import Directory
from portal import rowstore, search_index
from portal.identifiers import dataset_uuid, resource_uuid
from portal.models import (
    AreaRow,
    DatasetRow,
    DepartmentRow,
    EntryRow,
    ResourceRow,
    TagRow,
    VersionRow,
)

# Open attributes whose rows the row store holds: conditional ones behind an approved token.
SERVED = ("open", "conditional")


@dataclass
class IndexReport:
    """What an index pass had to change: empty when the DB already agreed with the store."""

    repairs: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def sync_directory(session: Session, directory: Directory) -> None:
    """Make areas, departments and directory entries in the DB those of catalogue.yaml."""
    _replace(
        session,
        AreaRow,
        [
            AreaRow(
                id=a.id,
                name=a.name,
                name_en=a.name_en,
                description=a.description,
                priority=a.priority,
                position=i,
            )
            for i, a in enumerate(directory.areas)
        ],
    )
    _replace(
        session,
        DepartmentRow,
        [
            DepartmentRow(
                id=d.id, name=d.name, name_en=d.name_en, description=d.description, position=i
            )
            for i, d in enumerate(directory.departments)
        ],
    )
    _replace(session, EntryRow, [_entry_row(e) for e in directory.datasets])


def _replace(session: Session, model, rows: list) -> None:
    wanted = {r.id: r for r in rows}
    for existing in session.scalars(select(model)):
        if existing.id not in wanted:
            session.delete(existing)
    for row in rows:
        session.merge(row)


def _entry_row(e) -> EntryRow:
    return EntryRow(
        id=e.id,
        position=e.position,
        code=e.code,
        title=e.title,
        title_en=e.title_en,
        department_id=e.department,
        area_id=e.area,
        open=e.open,
        reason=e.reason,
        update=e.update,
        license_id=e.license,
        summary=e.summary,
        published=e.published,
        keywords=list(e.keywords),
        fields=[
            {
                "name": f.name,
                "title": f.title,
                "type": f.type,
                "description": f.description,
                "sensitive": f.sensitive,
            }
            for f in e.fields
        ],
    )


def index_dataset(
    session: Session, store: PackageStore, directory: Directory, dataset_id: str
) -> list[str]:
    """Bring one dataset's index rows and row tables in line with the store; return the repairs."""
    entry = directory.dataset(dataset_id)
    versions = store.versions(dataset_id)
    current = session.get(DatasetRow, dataset_id)
    if entry is None or not entry.is_published or not versions:
        if current is None:
            return []
        _unindex(session, current)
        return [
            f"{dataset_id}: removed from the catalogue (not published in the directory or store)"
        ]
    repairs = []
    latest = int(versions[-1])
    if current is None or current.version != latest:
        descriptor = store.read_descriptor(dataset_id, versions[-1])
        first = store.read_descriptor(dataset_id, versions[0])
        current = _upsert_dataset(session, directory, descriptor, _created(first))
        repairs.append(f"{dataset_id}: indexed version {latest}")
    if current.open != entry.open:
        current.open = entry.open
        repairs.append(f"{dataset_id}: open attribute is now {entry.open}")
    repairs += _sync_versions(session, store, dataset_id, versions)
    # Conditional rows are loaded too, but served only to a token approved for this dataset
    # (portal.queries keeps them out of the public "resources").
    served = entry.open in SERVED
    indexes = (rowstore.indexed_fields(entry), rowstore.full_text_fields(entry))
    repairs += _sync_resources(session, store, current, served, *indexes)
    if not search_index.has_dataset(session, dataset_id):
        repairs.append(f"{dataset_id}: indexed for search")
    if repairs:
        version_dir = store.version_dir(dataset_id, versions[-1])
        search_index.index_dataset(session, directory, current, version_dir, entry.open == "open")
    return repairs


def reindex(session: Session, store: PackageStore, directory: Directory) -> IndexReport:
    """Rebuild the catalogue from the directory and the published files."""
    report = IndexReport()
    sync_directory(session, directory)
    names = set(store.dataset_ids()) | {e.id for e in directory.datasets}
    names |= set(session.scalars(select(DatasetRow.name)))
    for name in sorted(names):
        try:
            with session.begin_nested():
                report.repairs += index_dataset(session, store, directory, name)
        except Exception as error:  # one dataset's files must not stop the rebuild of the others
            report.failures.append(f"{name}: cannot be indexed: {type(error).__name__}: {error}")
    search_index.optimize(session.connection())
    return report


def _created(descriptor: dict) -> datetime:
    return datetime.fromisoformat(descriptor["created"].replace("Z", "+00:00")).replace(tzinfo=None)


def _upsert_dataset(
    session: Session, directory: Directory, descriptor: dict, first_created
) -> DatasetRow:
    portal = descriptor[PORTAL_KEY]
    name = descriptor["name"]
    entry = directory.dataset(name)
    row = session.get(DatasetRow, name) or DatasetRow(name=name, id=dataset_uuid(name))
    row.title = descriptor["title"]
    row.department_id = portal["department"]["id"]
    row.area_id = portal["area"]["id"]
    row.open = entry.open
    row.license_id = descriptor["licenses"][0]["name"]
    row.version = int(descriptor["version"])
    row.rows = portal.get("rows", 0)
    row.metadata_created = first_created
    row.metadata_modified = _created(descriptor)
    row.descriptor = descriptor
    row.search_title, row.search_body = _search_text(descriptor, directory)
    session.add(row)
    session.execute(delete(TagRow).where(TagRow.dataset_name == name))
    session.flush()
    for tag in dict.fromkeys(descriptor.get("keywords", [])):
        session.add(TagRow(dataset_name=name, tag=tag))
    return row


def _search_text(descriptor: dict, directory: Directory) -> tuple[str, str]:
    portal = descriptor[PORTAL_KEY]
    department = directory.department(portal["department"]["id"])
    area = directory.area(portal["area"]["id"])
    title = " ".join([descriptor["title"], portal.get("title_en", ""), descriptor["name"]])
    fields = [
        f.get("title", "") + " " + f["name"]
        for r in descriptor["resources"]
        for f in r["schema"]["fields"]
    ]
    body = " ".join(
        [
            descriptor.get("description", ""),
            " ".join(descriptor.get("keywords", [])),
            department.name if department else "",
            department.name_en if department else "",
            area.name if area else "",
            area.name_en if area else "",
            " ".join(fields),
        ]
    )
    return title.lower(), body.lower()


def _sync_versions(
    session: Session, store: PackageStore, name: str, versions: list[str]
) -> list[str]:
    known = set(session.scalars(select(VersionRow.number).where(VersionRow.dataset_name == name)))
    repairs = []
    for version in versions:
        if int(version) in known:
            continue
        descriptor = store.read_descriptor(name, version)
        portal = descriptor[PORTAL_KEY]
        session.add(
            VersionRow(
                dataset_name=name,
                number=int(version),
                created=_created(descriptor),
                content_hash=portal.get("content_hash", ""),
                rows=portal.get("rows", 0),
                quality=portal.get("quality", {}),
            )
        )
        repairs.append(f"{name}: recorded version {version}")
    return repairs


def _sync_resources(
    session: Session,
    store: PackageStore,
    dataset: DatasetRow,
    served: bool,
    indexed: list[str],
    full_text: list[str],
) -> list[str]:
    resources = dataset.descriptor["resources"] if served else []
    version_dir = store.version_dir(dataset.name, str(dataset.version))
    existing = {
        r.name: r
        for r in session.scalars(
            select(ResourceRow).where(ResourceRow.dataset_name == dataset.name)
        )
    }
    repairs = []
    wanted = set()
    for position, resource in enumerate(resources):
        wanted.add(resource["name"])
        row = existing.get(resource["name"])
        if (
            row is not None
            and row.row_version == dataset.version
            and row.row_table
            and rowstore.has_rows(session.connection(), row.row_table)
        ):
            continue
        row = _resource_row(dataset, resource, position, row)
        old_table = row.row_table
        new_table = rowstore.row_table_name(row.id, dataset.version)
        rowstore.load_rows(
            session.connection(),
            new_table,
            resource["schema"]["fields"],
            version_dir / resource["path"],
            indexed,
            full_text,
        )
        row.row_table, row.row_version = new_table, dataset.version
        session.add(row)
        if old_table and old_table != new_table:
            session.flush()
            rowstore.drop_table(session.connection(), old_table)
        repairs.append(
            f"{dataset.name}: loaded rows of {resource['name']} version {dataset.version}"
        )
    for name, row in existing.items():
        if name not in wanted:
            rowstore.drop_table(session.connection(), row.row_table or "")
            session.delete(row)
            repairs.append(f"{dataset.name}: removed resource {name}")
    return repairs


def _resource_row(
    dataset: DatasetRow, resource: dict, position: int, row: ResourceRow | None
) -> ResourceRow:
    if row is None:
        row = ResourceRow(
            id=resource_uuid(dataset.name, resource["name"]),
            dataset_name=dataset.name,
            name=resource["name"],
            created=dataset.metadata_modified,
        )
    row.position = position
    row.format = resource.get("format", "").upper()
    row.path = resource["path"]
    row.size = resource.get("bytes", 0)
    row.hash = resource.get("hash", "")
    row.last_modified = dataset.metadata_modified
    row.fields = resource["schema"]["fields"]
    return row


def _unindex(session: Session, dataset: DatasetRow) -> None:
    for resource in session.scalars(
        select(ResourceRow).where(ResourceRow.dataset_name == dataset.name)
    ):
        rowstore.drop_table(session.connection(), resource.row_table or "")
        session.delete(resource)
    session.execute(delete(TagRow).where(TagRow.dataset_name == dataset.name))
    search_index.remove_dataset(session, dataset.name)
    session.execute(delete(VersionRow).where(VersionRow.dataset_name == dataset.name))
    session.delete(dataset)
