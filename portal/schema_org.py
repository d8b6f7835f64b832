"""schema.org `Dataset` markup for a dataset page, so that dataset search engines index it."""

from portal.ckan.dicts import resource_url


def dataset_markup(base_url: str, d: dict) -> dict:
    page = f"{base_url}/dataset/{d['name']}"
    markup = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": page,
        "url": page,
        "identifier": d["id"],
        "name": d["title"],
        "description": d["summary"] or d["title"],
        "keywords": d["keywords"],
        "inLanguage": "zh-CN",
        "dateModified": d["modified"].isoformat(),
        "datePublished": d["published"] or d["created"].date().isoformat(),
        "version": str(d["version"]),
        "isAccessibleForFree": True,
        "creator": _organization(base_url, d["department"]),
        "publisher": _organization(base_url, d["department"]),
        "spatialCoverage": {"@type": "Place", "name": "黑龙江省"},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": resource_url(base_url, r),
                "contentSize": r["size"],
            }
            for r in d["resources"]
        ],
    }
    if d["license"]["url"]:
        markup["license"] = d["license"]["url"]
    if d["open"] != "open":
        markup["conditionsOfAccess"] = d["reason"]
    return markup


def _organization(base_url: str, department: dict) -> dict:
    return {
        "@type": "GovernmentOrganization",
        "name": department["name"],
        "url": f"{base_url}/organization/{department['id']}",
    }
