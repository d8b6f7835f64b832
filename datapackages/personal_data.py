"""Recognise and mask personal data in one text value: ID, mobile and bank card numbers, e-mail.

Numbers count only when their checksum or structure holds (GB 11643 check digit, a real birth
date and province, the Luhn digit and a card-issuer prefix), so order numbers and credit codes
raise no false alarm. A number is a run of digit groups: digits end where a non-digit stands
(not `\\b`, which sees no boundary between 汉字 and digits in 身份证110105199001011234号), and
groups may be parted by spaces, dashes, brackets or a line break, as people write numbers
(138 1234 5678, 110105-19491231-002X, +86 (138) 1234-5678). Every span of whole groups of a run
is tried, so a card is found beside a year or a count in the same run (2024 6222 0212 3456 7894).
Text is NFKC-normalised first, so full-width digits (１３８…) are found too, and characters that
show nothing (zero-width spaces, soft hyphens) are dropped before matching.
"""

import bisect
import re
import unicodedata
from collections.abc import Iterator
from datetime import date

# After folding, what may part the digit groups of one number: one or two of these.
SEPARATORS = " \t\r\n-‐‒–—―−()"
NUMBER_RUN = re.compile(
    r"(?<![0-9])[0-9]+[Xx]?(?:[" + re.escape(SEPARATORS) + r"]{1,2}[0-9]+[Xx]?)*(?![0-9])"
)
DIGIT_GROUP = re.compile(r"[0-9]+[Xx]?")
# 11 digits from 13x-19x, after +86, 0086 or 86.
MOBILE_DIGITS = re.compile(r"(?:0086|86)?1[3-9][0-9]{9}")
MOBILE_GROUPINGS = ((3, 4, 4), (4, 3, 4), (3, 8), (7, 4))
LONGEST_NUMBER = 19 + 4  # a card, or a mobile number with 0086
OLD_ID_GROUPINGS = ((15,), (6, 6, 3), (6, 9))
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}"
)

# Characters that show nothing: dropped before matching (a zero-width space inside a number
# would otherwise hide it). The format characters (category Cf) lie in these blocks (a test walks
# all of Unicode); the rest are fillers and selectors that render as nothing.
_FORMAT_BLOCKS = ((0, 0x2100), (0xFE00, 0x10000), (0x110B0, 0x110D0), (0x13430, 0x13460))
_FORMAT_BLOCKS += ((0x1BCA0, 0x1BCB0), (0x1D170, 0x1D180), (0xE0000, 0xE0080))
INVISIBLE = frozenset(
    [chr(c) for a, b in _FORMAT_BLOCKS for c in range(a, b) if unicodedata.category(chr(c)) == "Cf"]
    + ["\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164", "\uffa0"]
    + [chr(c) for c in (*range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))]
)

# What a batch screen asks the vectorised regex engine first (no look-arounds there): a superset
# of the cells the rules above can match, so only those cells are checked one by one.
_D = "[0-9０-９]"
# Separators as written: the rarer characters that fold into one are in EXOTIC_CLASS instead.
_SEP = "[" + re.escape(SEPARATORS) + "－　（）]"
# Blocks holding every character NFKC turns into text with a digit, a separator or @ (a test
# walks all of Unicode to prove it): circled and superscript digits, no-break and thin spaces, ﹫,
# 𝟏, and ⑴ ⒈ ½ ㏠ ㎡ (folded to "(1)", "1.", "1⁄2", "1日", "m2").
_FOLDING_BLOCKS = ((0x80, 0x3400), (0xF900, 0x10000), (0x1D400, 0x1D800), (0x1F100, 0x1FC00))
_WRITTEN = set("0123456789０１２３４５６７８９@＠－　（）") | set(SEPARATORS)


def _numeric(char: str) -> bool:
    return (char.isascii() and char.isdigit()) or char in SEPARATORS or char == "@"


def _fold_role(char: str) -> str:
    """How a character not written as a digit or separator can take part in a number, folded:
    "alone" (it folds to one digit, separator or @, an @ among others, or shows nothing),
    "lead"/"trail"/"both" (its folded text starts/ends/both with a digit or separator, so it
    joins a number only beside one), or "" (it cannot)."""
    if char in _WRITTEN:
        return ""
    if char in INVISIBLE:
        return "alone"
    folded = unicodedata.normalize("NFKC", char)
    if not folded or folded == char and not char.isdecimal():
        return ""
    if char.isdecimal() or (len(folded) == 1 and _numeric(folded)) or "@" in folded:
        return "alone"  # a decimal digit of any script reads as its value (_fold)
    lead, trail = _numeric(folded[0]), _numeric(folded[-1])
    return "both" if lead and trail else "lead" if lead else "trail" if trail else ""


def _roles() -> dict[str, list[int]]:
    roles: dict[str, list[int]] = {"alone": [], "lead": [], "trail": [], "both": []}
    for start, end in _FOLDING_BLOCKS:
        for code in range(start, end):
            if role := _fold_role(chr(code)):
                roles[role].append(code)
    roles["alone"] = sorted({*roles["alone"], *(ord(c) for c in INVISIBLE)})  # also beyond them
    return roles


def _class(codes: list[int]) -> str:
    return "[" + "".join(f"\\x{{{code:x}}}" for code in codes) + "]"


def _chain_alternatives() -> str:
    # 11 or more digits with separators among them: the first separator after p digits.
    return "|".join(
        f"{_D}{{{p}}}{_SEP}{{1,2}}{_D}(?:{_SEP}{{0,2}}{_D}){{{max(0, 10 - p)},}}"
        for p in range(1, 11)
    )


_ROLES = _roles()
_LEADS = _class(_ROLES["lead"] + _ROLES["both"])
_TRAILS = _class(_ROLES["trail"] + _ROLES["both"])
# Beside a digit (or separators and a digit), a character whose folded text starts or ends with
# a digit or separator may make a longer number (1381234567⒏ is 13812345678.); elsewhere (120㎡
# 住宅, ⑴ 申请人) it cannot.
_BESIDE = f"{_TRAILS}{_SEP}{{0,2}}(?:{_D}|{_LEADS})|(?:{_D}|{_TRAILS}){_SEP}{{0,2}}{_LEADS}"
EXOTIC_CLASS = _class(_ROLES["alone"])
CANDIDATE_PATTERN = (
    # digits alone: runs of 11-13 (mobile, with 86) or 15-19 (old ID, 0086, IDs, cards)
    r"(?:^|[^0-9０-９])(?:[0-9０-９]{11,13}|[0-9０-９]{15,19})(?:[^0-9０-９]|$)"
    + "|"
    + _chain_alternatives()
    + "|[@＠]|"
    + _BESIDE
    # A decimal digit of any other script (Arabic-Indic, Devanagari...), wherever Unicode puts it.
    + r"|[\p{Nd}&&[^0-9０-９]]|"
    # Any character that folds into a digit, a separator or @, or shows nothing, sends the cell
    # to the exact check wherever it stands.
    + EXOTIC_CLASS
)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PROVINCE_CODES = {
    *range(11, 16),
    *range(21, 24),
    *range(31, 38),
    *range(41, 47),
    *range(50, 55),
    *range(61, 66),
    71,
    81,
    82,
}
# Issuer prefixes of cards used in China: UnionPay 62, Visa 4, Mastercard 51-55 and 2221-2720,
# JCB 35, American Express 34/37, Discover 65 and 60 (6011), and the debit cards banks issued
# before UnionPay's 62 and still in use: 60 (Bank of China 601382, city banks 603...), 9558
# (ICBC), 95595-95599 (Agricultural Bank).
CARD_PREFIXES = re.compile(r"^(?:62|4|5[1-5]|2(?:2[2-9]|[3-6]|7[01]|720)|35|3[47]|60|65|955[89])")
KINDS = {
    "resident_id": "居民身份证号码",
    "old_resident_id": "15位旧版居民身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "email": "电子邮箱地址",
    "person_name": "疑似姓名",
}
# Contact details a department may declare public (a hotline, an office mailbox); never IDs.
PUBLIC_CONTACT_KINDS = ("mobile", "email")


def normalise_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def is_resident_id(candidate: str) -> bool:
    """True for an 18-character ID number with a valid region, birth date and check digit."""
    if len(candidate) != 18 or not candidate[:17].isdigit():
        return False
    if not _plausible_person(candidate[:2], candidate[6:10], candidate[10:12], candidate[12:14]):
        return False
    total = sum(int(d) * w for d, w in zip(candidate[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11] == candidate[17].upper()


def is_old_resident_id(candidate: str) -> bool:
    """A 15-digit first-generation number: real province and birth date (it has no check digit)."""
    if len(candidate) != 15 or not candidate.isdigit():
        return False
    year = "19" + candidate[6:8]
    return _plausible_person(candidate[:2], year, candidate[8:10], candidate[10:12])


def is_bank_card(candidate: str) -> bool:
    """16-19 digits with a known issuer prefix and a valid Luhn check digit."""
    if not 16 <= len(candidate) <= 19 or not candidate.isdigit():
        return False
    if not CARD_PREFIXES.match(candidate):
        return False
    total = 0
    for position, digit in enumerate(reversed(candidate)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_spreadsheet_rounded(candidate: str) -> bool:
    """True for a long number a spreadsheet kept only 15 significant digits of.

    Typed into Excel as a number, 110105194912310021 is stored as 1.10105194912310E+17: the
    check digit is gone, so the checksum cannot vouch for it, and reading the cell gives the
    double's exact value. So: the number is exactly a double, and that double is the nearest to
    a 15-digit decimal. A number typed as text is both only about once in 30,000.
    """
    if not 16 <= len(candidate) <= 19 or not candidate.isdigit():
        return False
    number = int(candidate)
    as_double = float(number)
    return int(as_double) == number and float(f"{as_double:.15g}") == as_double


def is_rounded_resident_id(candidate: str) -> bool:
    """An 18-digit ID number a spreadsheet rounded: real province and birth date remain."""
    if len(candidate) != 18 or not is_spreadsheet_rounded(candidate):
        return False
    return _plausible_person(candidate[:2], candidate[6:10], candidate[10:12], candidate[12:14])


def is_rounded_bank_card(candidate: str) -> bool:
    """A card number a spreadsheet rounded: the issuer prefix remains, the Luhn digit does not."""
    return is_spreadsheet_rounded(candidate) and bool(CARD_PREFIXES.match(candidate))


def _plausible_person(province: str, year: str, month: str, day: str) -> bool:
    if int(province) not in PROVINCE_CODES:
        return False
    try:
        born = date(int(year), int(month), int(day))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def find_personal_data(text: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of each finding, as positions in `text` itself.

    Matching runs on a character-by-character NFKC form (１３８ reads as 138) whose positions map
    back to the original, so masking leaves every other character as the department wrote it.
    A span is reported once, under its most specific kind: an 18-digit ID is not also a card.
    """
    folded, origin = _fold(text)
    for kind, start, end in _find_folded(folded):
        yield kind, origin[start], origin[end - 1] + 1


def _fold(text: str) -> tuple[str, list[int]]:
    if text.isascii():
        return text, list(range(len(text)))
    parts, origin = [], []
    for index, char in enumerate(text):
        if char in INVISIBLE:
            continue
        if ord(char) < 128:
            folded = char
        elif char.isdecimal():  # a digit of any script (١٣٨, ১৩৮); NFKC keeps most as they are
            folded = str(unicodedata.decimal(char))
        else:
            folded = unicodedata.normalize("NFKC", char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


# Most specific first: a span is reported once, under the first kind that claims it.
_KIND_ORDER = ("resident_id", "bank_card", "rounded_resident_id", "rounded_bank_card")
_KIND_ORDER += ("old_resident_id", "mobile")


def _number_kind(number: str, groups: tuple[int, ...], uniform: bool = True) -> str | None:
    """What a span of digit groups (their lengths in `groups`) is; X only ends an ID.

    An ID number's check digit, birth date and region vouch for it however it is grouped.
    Cards (a Luhn digit: one number in ten passes) and mobile numbers (no check at all) count
    only grouped as people write them, so that dates, landlines and lists of numbers that
    happen to stand side by side raise no alarm; a spreadsheet's rounded number is one group.
    A card's groups are parted alike (`uniform`): 6259-0497 6259-1768 is two landlines.
    """
    if "X" in number[:-1]:
        return None
    if number[-1] == "X":
        return "resident_id" if is_resident_id(number) else None
    if is_resident_id(number):
        return "resident_id"
    if uniform and _card_grouping(groups) and is_bank_card(number):
        return "bank_card"
    if len(groups) == 1 and is_rounded_resident_id(number):
        return "rounded_resident_id"
    if len(groups) == 1 and is_rounded_bank_card(number):
        return "rounded_bank_card"
    # The old number has no check digit: only as written whole or 6-6-3 (110105 491231 002).
    if groups in OLD_ID_GROUPINGS and is_old_resident_id(number):
        return "old_resident_id"
    if _mobile_grouping(number, groups) and MOBILE_DIGITS.fullmatch(number):
        return "mobile"
    return None


def _card_grouping(groups: tuple[int, ...]) -> bool:
    """Whole, 6 then the rest of 16 or 19 (622202 1234567890123), fours (6222 0212 3456 7890
    123), or a digit at a time (as typed into the boxes of a form)."""
    return (
        len(groups) == 1
        or (len(groups) == 2 and groups[0] == 6 and sum(groups) in (16, 19))
        or (all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4)
        or all(g == 1 for g in groups)
    )


def _mobile_grouping(number: str, groups: tuple[int, ...]) -> bool:
    """Whole, 3-4-4, 4-3-4, 3-8, 7-4 or a digit at a time, after 86 or 0086 (apart or not)."""
    for prefix in ("0086", "86"):
        if number.startswith(prefix) and len(number) == len(prefix) + 11:
            rest = groups[0] - len(prefix)  # +86 138 1234 5678, +86138 1234 5678
            groups = (rest, *groups[1:]) if rest else groups[1:]
            break
    return len(groups) == 1 or groups in MOBILE_GROUPINGS or all(g == 1 for g in groups)


def _find_folded(text: str) -> Iterator[tuple[str, int, int]]:
    found = []
    for run in NUMBER_RUN.finditer(text):
        groups = [
            (g.start() + run.start(), g.end() + run.start(), g[0].upper())
            for g in DIGIT_GROUP.finditer(run[0])
        ]
        parted = [text[a[1] : b[0]] for a, b in zip(groups, groups[1:], strict=False)]
        for first in range(len(groups)):
            number, lengths, separators = "", (), set()
            for last in range(first, len(groups)):
                number += groups[last][2]
                lengths += (len(groups[last][2]),)
                if last > first:
                    separators.add(parted[last - 1])
                if len(number) > LONGEST_NUMBER:
                    break
                uniform = len(separators) <= 1
                if len(number) >= 11 and (kind := _number_kind(number, lengths, uniform)):
                    start = groups[first][0]
                    if kind == "mobile" and text[start - 1 : start] == "+":
                        start -= 1  # +86: the plus sign is part of the number
                    found.append((_KIND_ORDER.index(kind), start, groups[last][1], kind))
    starts: list[int] = []  # of the spans taken, sorted, with their ends
    ends: list[int] = []
    for _, start, end, kind in sorted(found):
        at = bisect.bisect_left(starts, start)
        if (at and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
            continue  # overlaps a span of a more specific kind
        starts.insert(at, start)
        ends.insert(at, end)
        yield kind.removeprefix("rounded_"), start, end
    for match in EMAIL.finditer(text):
        yield "email", match.start(), match.end()


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isascii() and (c.isdigit() or c in "Xx"))


def mask_personal_data(text: str | None) -> str:
    """`text` with every finding masked in place, the rest as written ("" for no text).

    For text shown to the public that may quote what someone typed or a source held: citizens'
    feedback, and error messages that name a cell or a header.
    """
    if not text:
        return ""
    return mask_findings(text, list(find_personal_data(text)))


def mask_value(text: str) -> str:
    """Mask every finding in place (110105********002X, 138****5678, z***@example.cn).

    A value with no finding is taken for a name and keeps only its first character.
    """
    found = sorted(find_personal_data(text), key=lambda f: f[1], reverse=True)
    if not found:
        return mask_name(text)
    return mask_findings(text, found)


def mask_findings(text: str, found: list[tuple[str, int, int]]) -> str:
    """Replace the given (kind, start, end) spans of `text` by their masked form."""
    for kind, start, end in sorted(found, key=lambda f: f[1], reverse=True):
        text = text[:start] + _masked(kind, text[start:end]) + text[end:]
    return text


def _masked(kind: str, value: str) -> str:
    value = normalise_text(value)
    if kind == "email":
        local, _, domain = value.partition("@")
        return local[:1] + "***@" + domain
    number = _digits(value)
    if kind == "resident_id":
        return number[:6] + "*" * 8 + number[-4:]
    if kind == "old_resident_id":
        return number[:6] + "*" * 6 + number[-3:]
    if kind == "bank_card":
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    national = number[-11:]
    return national[:3] + "****" + national[-4:]


def mask_name(text: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***; anything else keeps only its first character."""
    return text[:1] + "*" * (len(text) - 1) if text else text


# The most common surnames (over four fifths of the population) and compound ones.
COMMON_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘"
    "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
    "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞"
    "姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容")
NAME_SHAPE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# Words that make a short Han string an organisation, a place or a category, not a person.
NOT_NAME_ENDINGS = tuple("局院所站厅部委会队中心馆校司厂店区县市省镇乡村街路号楼类型级期")


def looks_like_person_name(value: str) -> bool:
    if not NAME_SHAPE.match(value) or value.endswith(NOT_NAME_ENDINGS):
        return False
    return value[:2] in COMPOUND_SURNAMES or value[0] in COMMON_SURNAMES
