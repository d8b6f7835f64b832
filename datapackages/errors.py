"""Errors of the packaging step. Each names the dataset, and the file, row and field it can.

PackagingError              the dataset cannot be packaged; nothing is published
  ├─ DecodeError            the bytes are in no encoding we read (names the file, line)
  ├─ ReadError              the file is not a table we can read (empty, bad JSON, no sheet)
  ├─ SchemaMismatchError    the source's columns do not match the declared fields
  └─ ScreenBlockedError     personal data found in a column that would be published

A message may quote what the file holds (the cells of a row taken for the header, the headers
found): personal data in it is masked, since messages are stored and shown on public pages.
"""

from datapackages.personal_data import mask_personal_data


class PackagingError(Exception):
    def __init__(self, dataset_id: str, message: str):
        self.dataset_id = dataset_id
        self.message = mask_personal_data(message)
        super().__init__(f"dataset {dataset_id}: {self.message}")


class DecodeError(PackagingError):
    pass


class ReadError(PackagingError):
    pass


class SchemaMismatchError(PackagingError):
    pass


class ScreenBlockedError(PackagingError):
    def __init__(self, dataset_id: str, findings: list[dict]):
        self.findings = findings
        described = "; ".join(
            f"column {f['field']} ({f['title']}): {f['rows']} row(s) with {f['label']}"
            + (f", first at row {f['first_row']}" if f.get("first_row") else "")
            for f in findings
        )
        super().__init__(
            dataset_id,
            f"personal data found, publish blocked: {described}. Declare the column "
            "`sensitive: drop` or `mask` in the directory (`public` for a published hotline or "
            "mailbox), or set the dataset's `screen: mask` to mask what is found.",
        )
