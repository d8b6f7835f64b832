"""Errors raised while pulling data from a source.

HarvestError                 a source could not be read; names the dataset and the source
  ├─ SourceNotFoundError     the file or address does not exist
  ├─ UnknownSourceKindError  no harvester for the source's kind
  ├─ SourceUnavailableError  refused, timed out, cut off or 5xx, still after the retries
  ├─ SourceWithdrawnError    the remote portal deleted or withdrew the dataset
  ├─ AddressRefusedError     the address (or a redirect, after DNS) is private and not allow-listed
  ├─ SourceTooLargeError     the body (unpacked) is larger than the source's max_bytes
  └─ SourceContentError      the body is not what was declared (an HTML page instead of a CSV)

SourceUnchanged is not an error: the source says nothing changed since the last good version
(HTTP 304), so the job records `unchanged` without packaging anything.
"""

import re

# Messages may quote what a source sent; keep them one printable line of bounded length, so a
# remote answer cannot move a terminal's cursor or fill the run record.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
MAX_MESSAGE = 2000


def printable(text: str) -> str:
    return CONTROL.sub("\ufffd", text)[:MAX_MESSAGE]


class HarvestError(Exception):
    def __init__(self, dataset_id: str, message: str):
        # Personal data a source's answer quoted is masked before the message is cut short or
        # its line breaks replaced, which would hide a number from the mask (imported here:
        # the packaging step imports the harvesters).
        from datapackages.personal_data import mask_personal_data

        self.dataset_id = dataset_id
        super().__init__(printable(f"dataset {dataset_id}: {mask_personal_data(message)}"))


class SourceNotFoundError(HarvestError):
    pass


class UnknownSourceKindError(HarvestError):
    pass


class SourceUnavailableError(HarvestError):
    pass


class SourceWithdrawnError(HarvestError):
    pass


class AddressRefusedError(HarvestError):
    pass


class SourceTooLargeError(HarvestError):
    pass


class SourceContentError(HarvestError):
    pass


class SourceUnchanged(Exception):  # noqa: N818 - a signal, not an error
    def __init__(self, dataset_id: str, detail: str):
        self.dataset_id = dataset_id
        self.detail = detail
        super().__init__(f"dataset {dataset_id}: {detail}")
