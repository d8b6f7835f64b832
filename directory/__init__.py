"""The data sharing and opening directory (catalogue.yaml): its model and its checks."""

from directory.errors import DirectoryError, DirectoryProblem
from directory.load import load_directory
from directory.model import Area, Dataset, Department, Directory, Field, Source

__all__ = [
    "Area",
    "Dataset",
    "Department",
    "Directory",
    "DirectoryError",
    "DirectoryProblem",
    "Field",
    "Source",
    "load_directory",
]
