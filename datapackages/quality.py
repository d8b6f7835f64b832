"""A quality score (0-100) with its reasons, from the validation report and our own counts."""

from datapackages.normalise import CellProblems
from datapackages.values import TYPE_LABELS
from directory import Dataset


def summarise_quality(
    entry: Dataset,
    validation: dict,
    rows: int,
    empty_cells: dict[str, int],
    problems: CellProblems,
) -> dict:
    reasons: list[dict] = []
    fields = {f.name: f for f in entry.published_fields}
    if rows == 0:
        reasons.append(_reason("no-rows", "数据为空：没有任何数据行", 100))
    if not validation["valid"]:
        count = validation["errors"]
        reasons.append(
            _reason("validation", f"Frictionless 校验发现 {count} 处错误", min(40, 10 + count))
        )
    if problems.short_rows:
        share = problems.short_rows / max(rows, 1)
        reasons.append(
            _reason(
                "short-rows",
                f"{problems.short_rows} 行的单元格少于表头，缺少的按空值处理"
                f"（首见于源文件第 {problems.first_short_row} 行）",
                min(20, 2 + round(share * 100)),
            )
        )
    for problem in problems.as_list():
        f = fields[problem["field"]]
        share = problem["cells"] / max(rows, 1)
        reasons.append(
            _reason(
                "unreadable-cells",
                f"字段“{f.title}”有 {problem['cells']} 个值无法识别为{TYPE_LABELS[f.type]}，已置空"
                f"（首见于源文件第 {problem['first_row']} 行）",
                min(30, 2 + round(share * 100)),
            )
        )
    total_cells = rows * len(fields)
    empty = sum(empty_cells.values())
    completeness = 1 - empty / total_cells if total_cells else 0.0
    if total_cells and completeness < 1:
        reasons.append(
            _reason(
                "completeness",
                f"完整度 {completeness:.1%}：{empty} 个单元格为空",
                round((1 - completeness) * 30),
            )
        )
    score = max(0, 100 - sum(r["penalty"] for r in reasons))
    return {
        "score": score,
        "valid": validation["valid"],
        "validation_errors": validation["errors"],
        "rows": rows,
        "fields": len(fields),
        "completeness": round(completeness, 4),
        "reasons": reasons,
    }


def _reason(code: str, message: str, penalty: int) -> dict:
    return {"code": code, "message": message, "penalty": penalty}
