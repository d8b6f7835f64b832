import pytest
from helpers import REPO, dataset_entry, write_catalogue

from directory import DirectoryError, load_directory


def problems_of(tmp_path, datasets, **kwargs) -> list[str]:
    path = write_catalogue(tmp_path, datasets, **kwargs)
    with pytest.raises(DirectoryError) as caught:
        load_directory(path)
    return [str(p) for p in caught.value.problems]


def test_directory_demo_catalogue_loads_with_enough_entries():
    directory = load_directory(REPO / "catalogue.yaml")
    assert len(directory.departments) >= 8
    published = [d for d in directory.datasets if d.open != "closed"]
    assert len(published) >= 20
    assert sum(d.open == "conditional" for d in directory.datasets) >= 2
    assert sum(d.open == "closed" for d in directory.datasets) >= 2
    assert [a.name for a in directory.areas if a.priority] == ["民生保障", "公共服务", "市场监管"]


def test_directory_error_names_entry_and_field_for_bad_type(tmp_path):
    entry = dataset_entry("hospitals", "h.csv")
    entry["fields"][3]["type"] = "int"
    found = problems_of(tmp_path, [entry])
    assert found == [
        "datasets[hospitals].fields[3].type: 'int' is not one of "
        "string, integer, number, date, datetime, boolean, year"
    ]


def test_directory_requires_reason_when_not_fully_open(tmp_path):
    closed = {
        "id": "secret",
        "title": "涉密数据",
        "department": "health",
        "area": "livelihood",
        "open": "closed",
        "update": "yearly",
    }
    conditional = dataset_entry("conditional-data", "h.csv", open="conditional")
    found = problems_of(tmp_path, [closed, conditional])
    assert "datasets[secret].reason: is required when open is 'closed'" in found
    assert "datasets[conditional-data].reason: is required when open is 'conditional'" in found


def test_directory_checks_references_and_duplicates(tmp_path):
    found = problems_of(
        tmp_path,
        [
            dataset_entry("hospitals", "h.csv", department="nowhere"),
            dataset_entry("hospitals", "h.csv", area="space"),
        ],
    )
    assert "datasets[hospitals].department: 'nowhere' is not a declared department" in found
    assert "datasets[hospitals].area: 'space' is not a declared area" in found
    assert "datasets[hospitals]: id is declared more than once" in found


def test_directory_rejects_unsafe_ids_and_unknown_sensitive_rule(tmp_path):
    entry = dataset_entry("../etc", "h.csv")
    entry["fields"][0]["sensitive"] = "hide"
    found = problems_of(tmp_path, [entry])
    assert any(p.startswith("datasets[../etc].id: '../etc' must match") for p in found)
    assert "datasets[../etc].fields[0].sensitive: 'hide' is not one of drop, mask, public" in found


def test_directory_primary_key_must_name_declared_fields(tmp_path):
    found = problems_of(tmp_path, [dataset_entry("hospitals", "h.csv", primary_key=["code"])])
    assert found == ["datasets[hospitals].primary_key: 'code' is not a declared, published field"]


def test_directory_reports_yaml_syntax_error_with_line(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text("areas:\n  - id: a\n    name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DirectoryError) as caught:
        load_directory(path)
    assert str(caught.value.problems[0]).startswith("line ")
    assert "not valid YAML" in str(caught.value)


def test_directory_missing_file_is_named(tmp_path):
    with pytest.raises(DirectoryError) as caught:
        load_directory(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(caught.value) and "does not exist" in str(caught.value)


def test_directory_closed_entry_needs_no_fields_or_source(tmp_path):
    closed = {
        "id": "secret",
        "title": "涉密数据",
        "department": "health",
        "area": "livelihood",
        "open": "closed",
        "reason": "涉及国家秘密",
        "update": "yearly",
    }
    directory = load_directory(write_catalogue(tmp_path, [closed]))
    assert directory.dataset("secret").is_published is False


def test_directory_checks_file_source_options(tmp_path):
    source = {
        "kind": "file",
        "path": "h.csv",
        "header_row": "two",
        "delimiter": ";;",
        "encoding": "klingon",
        "format": "pdf",
    }
    found = problems_of(tmp_path, [dataset_entry("hospitals", "h.csv", source=source)])
    assert found == [
        "datasets[hospitals].source.format: 'pdf' is not one of csv, xlsx, xls, json",
        "datasets[hospitals].source.encoding: 'klingon' is not a known text encoding",
        "datasets[hospitals].source.delimiter: must be one character, e.g. ',' or ';' or a tab",
        "datasets[hospitals].source.header_row: must be a whole number from 1 (the first row)",
    ]


def test_directory_mask_only_on_text_and_keys_only_on_published_fields(tmp_path):
    entry = dataset_entry("hospitals", "h.csv", primary_key=["org_code"])
    entry["fields"][4]["sensitive"] = "mask"  # opened: a date
    entry["fields"][0]["sensitive"] = "drop"  # org_code, the primary key
    found = problems_of(tmp_path, [entry])
    assert (
        "datasets[hospitals].fields[4].sensitive: mask needs type string: a masked value is text"
        in found
    )
    assert "datasets[hospitals].primary_key: 'org_code' is not a declared, published field" in found


def test_directory_checks_value_rules_and_screen_policy(tmp_path):
    entry = dataset_entry("hospitals", "h.csv", screen="hide")
    entry["fields"][3]["constraints"] = {"minimum": "many", "maximum": 5000}
    entry["fields"][2]["constraints"] = {"pattern": "(?!23)[0-9]+", "colour": "red"}
    entry["fields"][1]["constraints"] = {"enum": []}
    found = problems_of(tmp_path, [entry])
    assert "datasets[hospitals].screen: 'hide' is not one of block, mask" in found
    assert (
        "datasets[hospitals].fields[3].constraints.minimum: must be a number for a integer field"
        in found
    )
    assert (
        "datasets[hospitals].fields[2].constraints.pattern: "
        "look-arounds and back-references are not supported" in found
    )
    assert any(p.startswith("datasets[hospitals].fields[2].constraints.colour:") for p in found)
    assert (
        "datasets[hospitals].fields[1].constraints.enum: must be a non-empty list of allowed values"
        in found
    )
    assert not any("fields[3].constraints.maximum" in p for p in found)
