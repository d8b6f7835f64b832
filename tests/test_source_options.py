from helpers import dataset_entry, hospital_fields, write_catalogue

from directory import DirectoryError, load_directory


def problems_of(tmp_path, entry) -> list[str]:
    try:
        load_directory(write_catalogue(tmp_path, [entry]))
    except DirectoryError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_source_options_header_rows_is_checked(tmp_path):
    source = {"kind": "file", "path": "h.xls", "format": "xls", "header_rows": 5}
    found = problems_of(tmp_path, dataset_entry("hospitals", "h.xls", source=source))
    assert found == [
        "datasets[hospitals].source.header_rows: must be 1, 2 or 3 (rows the header spans)"
    ]
    source["header_rows"] = 2
    assert problems_of(tmp_path, dataset_entry("hospitals", "h.xls", source=source)) == []


def test_source_options_field_unit_is_checked_and_kept(tmp_path):
    fields = hospital_fields()
    fields[0] = {**fields[0], "unit": "元"}
    fields.append({"name": "budget", "title": "预算", "type": "number", "unit": "万元"})
    fields.append({"name": "bad", "title": "坏单位", "type": "number", "unit": "1 元"})
    found = problems_of(tmp_path, dataset_entry("hospitals", "h.csv", fields=fields))
    assert found == [
        "datasets[hospitals].fields[0].unit: applies to integer and number fields only",
        "datasets[hospitals].fields[6].unit: '1 元' must be a unit name such as 元, 万元 or 人",
    ]
    fields = [f for f in fields if f["name"] not in ("bad",)]
    fields[0] = {k: v for k, v in fields[0].items() if k != "unit"}
    directory = load_directory(
        write_catalogue(tmp_path, [dataset_entry("hospitals", "h.csv", fields=fields)])
    )
    assert directory.dataset("hospitals").fields[-1].unit == "万元"
