"""Errors raised while pulling data from a source.

HarvestError                 a source could not be read; names the dataset and the source
  ├─ SourceNotFoundError     the file or address does not exist
  └─ UnknownSourceKindError  no harvester for the source's kind
"""


class HarvestError(Exception):
    def __init__(self, dataset_id: str, message: str):
        self.dataset_id = dataset_id
        super().__init__(f"dataset {dataset_id}: {message}")


class SourceNotFoundError(HarvestError):
    pass


class UnknownSourceKindError(HarvestError):
    pass
