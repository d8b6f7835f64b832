"""Text for the search index: fold (Traditional to Simplified, case, full width) and segment.

Folding is one character to one character, so an offset in folded text is the same offset in
the source text: snippets find matches in folded text and cut the source at the same places.

Two segmenters, chosen per call so `benchmarks/search_quality_bench.py` compares them:
- "jieba" (the default, via rjieba): dictionary words in search mode (食品安全 also yields 食品,
  安全), then every Chinese character of the run alone and in order, so one-character queries
  (税, 水) match, and a query word of four or more characters that the text was cut
  differently around (齐齐哈尔 inside 齐齐哈尔市) still matches as a phrase of its characters.
  A query word is cut into words that must all be present, so an unspaced query such as
  养老院收费标准 finds a summary that says 养老院 ... 收费标准.
- "bigram": overlapping character pairs plus single characters; a query word is a phrase of its
  pairs, which is substring matching (the classic CJK bigram index).
Latin letters and digits are lower-cased words in both; punctuation is dropped.
"""

import re
import unicodedata
from functools import cache

SEGMENTERS = ("jieba", "bigram")
DEFAULT_SEGMENTER = "jieba"
CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUNS = re.compile(rf"([{CJK}]+)|([^\W_{CJK}]+)")
CJK_RUN = re.compile(rf"[{CJK}]+")

# A term is satisfied by any of its phrases; a phrase is tokens that must be adjacent.
Phrase = tuple[str, ...]
Term = tuple[Phrase, ...]


# The dictionaries load on first use (about half a second in all): a harvest loads them in the
# background while its first row file is indexed (portal/warmup.py), a command that never
# searches not at all.
@cache
def _jieba():
    import rjieba

    return rjieba


@cache
def _lazy_pinyin():
    from pypinyin import lazy_pinyin

    return lazy_pinyin


@cache
def _fold_table() -> dict[int, str]:
    import zhconv.zhconv as zhconv_tables

    zhconv_tables.loaddict()
    table = {
        ord(trad): simp
        for trad, simp in zhconv_tables.zhcdicts["zh2Hans"].items()
        if len(trad) == 1 and len(simp) == 1
    }
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII: Ｐｍ２．５ is PM2.5
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "
    return table


def fold(text: str) -> str:
    """Simplified, lower-case, half-width; the same length as `text`."""
    folded = (text or "").translate(_fold_table())
    lowered = folded.lower()
    # The common case in one call: no character lowered to several (İ) and no capital sigma,
    # which str.lower() alone writes as final sigma at the end of a word.
    if len(lowered) == len(folded) and "\u03a3" not in folded:
        return lowered
    return "".join(c if len(low := c.lower()) != 1 else low for c in folded)


def index_tokens(text: str, segmenter: str = DEFAULT_SEGMENTER) -> str:
    """The tokens of `text` for the index, space-separated (both dialects split on spaces)."""
    tokens: list[str] = []
    for cjk, latin in RUNS.findall(fold(unicodedata.normalize("NFC", text or ""))):
        if latin:
            tokens.append(latin)
        elif segmenter == "bigram":
            tokens += list(cjk) + [cjk[i : i + 2] for i in range(len(cjk) - 1)]
        else:
            tokens += [w for w in _jieba().cut_for_search(cjk, True) if len(w) > 1] + list(cjk)
    return " ".join(tokens)


def pinyin(text: str) -> str:
    """Full pinyin of each search-mode word (医院 -> yiyuan), for queries typed in pinyin."""
    words = []
    for run in CJK_RUN.findall(fold(text)):
        words += [
            "".join(_lazy_pinyin()(w)) for w in _jieba().cut_for_search(run, True) if len(w) > 1
        ]
    return " ".join(dict.fromkeys(words))


def query_terms(word: str, segmenter: str = DEFAULT_SEGMENTER) -> list[Term]:
    """The terms one query word needs (all of them); empty when it holds no letters or digits."""
    terms: list[Term] = []
    for cjk, latin in RUNS.findall(fold(word)):
        if latin:
            terms.append(((latin,),))
        elif segmenter == "bigram" and len(cjk) > 1:
            terms.append((tuple(cjk[i : i + 2] for i in range(len(cjk) - 1)),))
        elif segmenter == "bigram":
            terms.append(((cjk,),))
        else:
            terms += [_word_term(w) for w in _jieba().cut(cjk, True) if w.strip()]
    return list(dict.fromkeys(terms))


def _word_term(word: str) -> Term:
    # Search mode also indexes the two- and three-character dictionary words inside a longer
    # word, so only words of four or more characters need the slower character phrase.
    return ((word,), tuple(word)) if len(word) >= 4 else ((word,),)


def load_dictionaries() -> None:
    """Load the segmenter, pinyin and folding dictionaries now rather than on first use."""
    _jieba()
    _lazy_pinyin()
    _fold_table()


def highlight_words(terms: list[Term]) -> list[str]:
    """What to mark in a snippet: each word, or each phrase joined back into its text."""
    words = []
    for term in terms:
        phrase = term[0]
        if len(phrase) == 1:
            words.append(phrase[0])
        else:  # a bigram phrase: 食品 品抽 抽检 is 食品抽检
            words.append(phrase[0] + "".join(t[-1] for t in phrase[1:]))
    return sorted(set(words), key=len, reverse=True)
