"""Tell the encoding of a departmental file: UTF-8 (with or without BOM), UTF-16, GBK/GB18030.

UTF-16 without a byte order mark is recognised when mostly ASCII (a NUL in every other byte).
"""

import codecs
from pathlib import Path

SAMPLE_BYTES = 1 << 20
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "utf8": "utf-8", "utf-8": "utf-8"}


def is_text_encoding(name: str) -> bool:
    """True for a codec that decodes bytes to text (not 'hex', 'zlib' or an unknown name)."""
    try:
        return codecs.lookup(name)._is_text_encoding
    except LookupError:
        return False


def detect_encoding(path: Path, declared: str | None = None) -> str | None:
    """The encoding to read `path` with, or None when no candidate decodes its first megabyte.

    GBK and GB2312 are read as GB18030, their superset, so a rare character never fails a file.
    """
    if declared and declared != "auto":
        name = declared.lower()
        return ENCODING_ALIASES.get(name, name)
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            return encoding
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return utf16
    # Chinese text that decodes as UTF-8 is UTF-8: a bad byte further on is an error at its row,
    # not a reason to read the whole file as GB18030 mojibake. Asked first, it spares reading
    # the whole file here (the readers decode it anyway, and name the row of a bad byte).
    if not sample.isascii() and _sample_decodes(sample, "utf-8"):
        return "utf-8"
    # An ASCII start proves nothing: a GBK export is often pure ASCII for its first megabyte.
    if _whole_file_decodes(path, "utf-8"):
        return "utf-8"
    if _sample_decodes(sample, "gb18030"):
        return "gb18030"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    # Mostly-ASCII UTF-16 has a NUL in every other byte; UTF-8 and GBK text has none.
    even, odd = sample[0:4096:2], sample[1:4096:2]
    if len(odd) < 2:
        return None
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) > len(zeros) // 3 and others.count(0) < zeros.count(0) // 8:
            return encoding if _sample_decodes(sample, encoding) else None
    return None


def _sample_decodes(sample: bytes, encoding: str) -> bool:
    # An incremental decoder tolerates a character cut in half at the end of the sample.
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _whole_file_decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(SAMPLE_BYTES), b""):
                decoder.decode(chunk, final=False)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
