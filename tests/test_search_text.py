"""Folding, segmentation and snippets: the pure text functions under the search index."""

from portal.search_snippets import snippet
from portal.search_text import fold, index_tokens, pinyin, query_terms


def test_search_text_fold_keeps_length_and_folds_traditional_and_width():
    text = "醫院ＰＭ２．５養老Ｂ"
    assert fold(text) == "医院pm2.5养老b" and len(fold(text)) == len(text)


def test_search_text_single_characters_and_long_words_are_indexed():
    tokens = index_tokens("地表水水质 齐齐哈尔市").split()
    assert "水" in tokens and "水质" in tokens
    assert query_terms("齐齐哈尔") == [(("齐齐哈尔",), ("齐", "齐", "哈", "尔"))]
    characters = " ".join(tokens)
    assert "齐 齐 哈 尔 市" in characters, "characters stay in order for phrase matching"


def test_search_text_query_words_are_cut_and_latin_lowercased():
    assert query_terms("养老院收费标准") == [(("养老院",),), (("收费",),), (("标准",),)]
    assert query_terms("PM2.5 %'\"") == [(("pm2",),), (("5",),)]
    assert query_terms("--;") == []


def test_search_snippet_escapes_every_character():
    descriptor = {
        "title": "<script>alert(1)</script>医院&名录",
        "description": "",
        "keywords": [],
        "resources": [],
    }
    shown = snippet(descriptor, ["医院"])
    assert shown["field"] == "title" and shown["matches"] == [[25, 27]]
    assert shown["html"] == ("&lt;script&gt;alert(1)&lt;/script&gt;<mark>医院</mark>&amp;名录")


def test_search_snippet_windows_long_text_and_keeps_offsets():
    summary = "甲" * 200 + "医院" + "乙" * 200
    shown = snippet(
        {"title": "", "description": summary, "keywords": [], "resources": []}, ["医院"]
    )
    assert len(shown["text"]) < 130 and shown["text"].startswith("…")
    assert [shown["text"][s:e] for s, e in shown["matches"]] == ["医院"]


def test_search_text_pinyin_of_words():
    assert pinyin("醫院 公交") == "yiyuan gongjiao"


def test_search_snippet_markup_is_escaped_once_on_the_search_page():
    from markupsafe import Markup

    from portal.web.search_page import safe_snippet

    descriptor = {"title": "<b>医院</b>&名录", "description": "", "keywords": [], "resources": []}
    shown = safe_snippet(Markup(snippet(descriptor, ["医院"])["html"]))
    assert str(shown) == "&lt;b&gt;<mark>医院</mark>&lt;/b&gt;&amp;名录"


def test_digits_glued_to_chinese_are_their_own_words():
    # 1区诊所 must be found by 诊所: a digit run must not swallow the Chinese after it.
    assert index_tokens("1区诊所").split()[:2] == ["1", "诊所"]
    assert "浓度" in index_tokens("PM2.5浓度").split()
    assert query_terms("2024年行政处罚")[0] == (("2024",),)
