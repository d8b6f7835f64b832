"""A quality score (0-100) with its reasons, from the validation report and our own counts."""

from datapackages.normalise import CellProblems
from datapackages.validation import error_count
from datapackages.values import TYPE_LABELS
from directory import Dataset


def summarise_quality(
    entry: Dataset,
    validation: dict,
    rows: int,
    empty_cells: dict[str, int],
    problems: CellProblems,
) -> dict:
    fields = entry.published_fields
    total_cells = rows * len(fields)
    empty = sum(empty_cells.values())
    completeness = 1 - empty / total_cells if total_cells else 0.0
    reasons = [
        *_structure_reasons(validation, rows, problems),
        *_cell_reasons(entry, rows, problems),
    ]
    if total_cells and completeness < 1:
        message = f"完整度 {completeness:.1%}：{empty} 个单元格为空"
        reasons.append(_reason("completeness", message, round((1 - completeness) * 30)))
    return {
        "score": max(0, 100 - sum(r["penalty"] for r in reasons)),
        "valid": validation["valid"],
        "validation_errors": error_count(validation),
        "rows": rows,
        "fields": len(fields),
        "completeness": round(completeness, 4),
        "reasons": reasons,
    }


def _structure_reasons(validation: dict, rows: int, problems: CellProblems) -> list[dict]:
    reasons = []
    if rows == 0:
        reasons.append(_reason("no-rows", "数据为空：没有任何数据行", 100))
    for task in validation.get("tasks", []):
        for kind, count in task.get("error_counts", {}).items():
            message = f"{_ERROR_LABELS.get(kind, kind)}：{count} 处（资源 {task['name']}）"
            reasons.append(_reason(kind, message, _share_penalty(count, rows, 30)))
    if validation.get("errors"):
        count = len(validation["errors"])
        reasons.append(_reason("descriptor", f"元数据不符合数据包标准：{count} 处", 20))
    if problems.short_rows:
        message = (
            f"{problems.short_rows} 行的单元格少于表头，缺少的按空值处理"
            f"（首见于源文件第 {problems.first_short_row} 行）"
        )
        reasons.append(
            _reason("short-rows", message, _share_penalty(problems.short_rows, rows, 20))
        )
    return reasons


def _cell_reasons(entry: Dataset, rows: int, problems: CellProblems) -> list[dict]:
    fields = {f.name: f for f in entry.published_fields}
    reasons = []
    for problem in problems.as_list():
        f = fields[problem["field"]]
        message = (
            f"字段“{f.title}”有 {problem['cells']} 个值无法识别为{TYPE_LABELS[f.type]}，已置空"
            f"（首见于源文件第 {problem['first_row']} 行）"
        )
        reasons.append(
            _reason("unreadable-cells", message, _share_penalty(problem["cells"], rows, 30))
        )
    return reasons


_ERROR_LABELS = {
    "constraint-error": "值不符合目录规定（必填、代码表、取值范围、格式或唯一）",
    "primary-key": "唯一标识重复",
}


def _share_penalty(count: int, rows: int, cap: int) -> int:
    return min(cap, 2 + round(count / max(rows, 1) * 100))


def _reason(code: str, message: str, penalty: int) -> dict:
    return {"code": code, "message": message, "penalty": penalty}
