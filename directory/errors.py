"""Errors of the directory.

DirectoryError          the directory cannot be used; carries every problem found
  └─ problems: list[DirectoryProblem]   one per entry and field, e.g.
                                          datasets[hospitals].fields[2].type: ...
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DirectoryProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class DirectoryError(Exception):
    def __init__(self, path: str, problems: list[DirectoryProblem]):
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} problem(s) in the directory\n{lines}")
