"""Highlighted snippets for search results, safe to show.

A snippet is a dict:
    {"field": "title" | "summary" | "keywords" | "fields",
     "text": plain source text (not escaped), "matches": [[start, end], ...] offsets into text,
     "html": the same text with every character escaped and matches in <mark>...</mark>}
A page may insert `html` as it is, or escape `text` itself and mark `matches`.
"""

from markupsafe import escape

from portal.search_text import fold

FIELD_ORDER = ("title", "summary", "keywords", "fields")
WINDOW = 60  # characters of context around the first match in a long text


def source_texts(descriptor: dict) -> dict[str, str]:
    fields = [f for r in descriptor.get("resources", []) for f in r["schema"]["fields"]]
    return {
        "title": descriptor.get("title", ""),
        "summary": descriptor.get("description", ""),
        "keywords": "、".join(str(k) for k in descriptor.get("keywords", [])),
        "fields": "、".join(f.get("title") or f["name"] for f in fields),
    }


def find_matches(text: str, words: list[str]) -> list[list[int]]:
    """Non-overlapping [start, end) spans of `words` (folded) in `text`, longest word first."""
    folded = fold(text)
    taken = [False] * len(text)
    spans = []
    for word in words:
        start = folded.find(word)
        while word and start >= 0:
            end = start + len(word)
            if not any(taken[start:end]):
                spans.append([start, end])
                taken[start:end] = [True] * len(word)
            start = folded.find(word, end)
    return sorted(spans)


def snippet(descriptor: dict, words: list[str]) -> dict | None:
    """The first field (title, summary, keywords, field titles) that holds a query word."""
    texts = source_texts(descriptor)
    for field in FIELD_ORDER:
        spans = find_matches(texts[field], words)
        if spans:
            text, spans = _window(texts[field], spans)
            return {"field": field, "text": text, "matches": spans, "html": _html(text, spans)}
    return None


def _window(text: str, spans: list[list[int]]) -> tuple[str, list[list[int]]]:
    if len(text) <= 2 * WINDOW:
        return text, spans
    start = max(0, spans[0][0] - WINDOW // 3)
    end = min(len(text), start + 2 * WINDOW)
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [[s + shift, e + shift] for s, e in spans if s >= start and e <= end]
    return prefix + text[start:end] + suffix, inside


def _html(text: str, spans: list[list[int]]) -> str:
    parts, position = [], 0
    for start, end in spans:  # every piece of source text escaped, only the tags not
        parts += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)
