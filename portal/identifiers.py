"""Stable CKAN-style UUIDs for datasets and resources, derived from their names."""

import uuid

NAMESPACE = uuid.UUID("5b0d1c36-0f5e-4e43-9d7c-6f7c1f3a2b10")


def dataset_uuid(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"dataset:{name}"))


def resource_uuid(dataset_name: str, resource_name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"resource:{dataset_name}:{resource_name}"))


def organization_uuid(department_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"organization:{department_id}"))


def group_uuid(area_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"group:{area_id}"))
