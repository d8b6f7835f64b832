"""CKAN's dict shapes, built from the query layer's plain dicts."""

from datetime import datetime

from directory.licenses import LICENSES, License


def ckan_time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value else None


def resource_url(base_url: str, resource: dict) -> str:
    return (
        f"{base_url}/dataset/{resource['dataset_name']}/resource/{resource['id']}"
        f"/download/{resource['name']}.{resource['format'].lower()}"
    )


def resource_dict(base_url: str, resource: dict, package_id: str, description: str = "") -> dict:
    return {
        "id": resource["id"],
        "package_id": package_id,
        "name": resource["name"],
        "description": description,
        "format": resource["format"],
        "mimetype": "text/csv" if resource["format"] == "CSV" else None,
        "url": resource_url(base_url, resource),
        "url_type": None,
        "size": resource["size"],
        "hash": resource["hash"],
        "created": ckan_time(resource["created"]),
        "last_modified": ckan_time(resource["last_modified"]),
        "metadata_modified": ckan_time(resource["last_modified"]),
        "datastore_active": resource["datastore_active"],
        "position": resource["position"],
        "state": "active",
        "cache_url": None,
        "resource_type": None,
    }


def organization_dict(department: dict, created: datetime | None = None) -> dict:
    return _owner_dict(department, "organization", created)


def group_dict(area: dict, created: datetime | None = None) -> dict:
    return _owner_dict(area, "group", created)


def _owner_dict(item: dict, kind: str, created: datetime | None) -> dict:
    return {
        "id": item["uuid"],
        "name": item["id"],
        "title": item["name"],
        "display_name": item["name"],
        "title_en": item.get("name_en", ""),
        "description": item.get("description", ""),
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(created),
        "is_organization": kind == "organization",
        "type": kind,
        "state": "active",
        "approval_status": "approved",
        "package_count": item.get("package_count", 0),
    }


def package_dict(base_url: str, detail: dict) -> dict:
    lic = detail["license"]
    resources = [
        resource_dict(base_url, r, detail["id"], detail["title"]) for r in detail["resources"]
    ]
    tags = [
        {"id": None, "name": k, "display_name": k, "state": "active", "vocabulary_id": None}
        for k in detail["keywords"]
    ]
    extras = {
        "open_attribute": detail["open"],
        "open_condition": detail["reason"],
        "update_frequency": detail["update"],
        "resource_code": detail["code"],
        "published_date": detail["published"],
        "rows": str(detail["rows"]),
        "quality_score": str(detail["quality"].get("score", "")),
        "title_en": detail["title_en"],
    }
    return {
        "id": detail["id"],
        "name": detail["name"],
        "title": detail["title"],
        "notes": detail["summary"],
        "url": f"{base_url}/dataset/{detail['name']}",
        "author": detail["department"]["name"],
        "author_email": None,
        "maintainer": detail["department"]["name"],
        "maintainer_email": None,
        "license_id": lic["id"],
        "license_title": lic["title"],
        "license_url": lic["url"],
        "isopen": lic["id"] != "gov-open",
        "version": str(detail["version"]),
        "metadata_created": ckan_time(detail["created"]),
        "metadata_modified": ckan_time(detail["modified"]),
        "state": "active",
        "private": False,
        "type": "dataset",
        "owner_org": detail["department"]["uuid"],
        "organization": organization_dict(detail["department"]),
        "groups": [{k: v for k, v in group_dict(detail["area"]).items() if k != "package_count"}],
        "tags": tags,
        "num_tags": len(tags),
        "resources": resources,
        "num_resources": len(resources),
        "extras": [{"key": k, "value": v} for k, v in extras.items() if v],
        "relationships_as_object": [],
        "relationships_as_subject": [],
        **{
            k: v
            for k, v in extras.items()
            if k in ("open_attribute", "open_condition", "update_frequency")
        },
        "quality": detail["quality"],
        "screening": detail["screening"],
    }


def license_dict(lic: License) -> dict:
    return {
        "id": lic.id,
        "title": lic.title,
        "url": lic.url,
        "od_conformance": lic.od_conformance,
        "osd_conformance": "not reviewed",
        "status": "active",
        "maintainer": "",
        "family": "",
        "domain_content": True,
        "domain_data": True,
        "domain_software": False,
        "is_generic": False,
    }


def license_dicts() -> list[dict]:
    return [license_dict(lic) for lic in LICENSES]
