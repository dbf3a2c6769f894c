"""English patterns, as written in BLS, HSE and news releases.

Recognised:

* values: ``5,283 fatal work injuries``, ``138 workers were killed``, ``the
  final count of workplace fatalities in 2013 was 4,584``, ``the fatal work
  injury rate was 3.5``, ``… to 38,000``;
* changes: ``a 3.7-percent decrease``, ``down 11.3% on the previous year``,
  ``increased by 5.7 percent``, ``a decline of 16.2 percent``, ``7% lower than``,
  ``down by 4.2% and 4.4%`` (paired in order), ``a decrease of 155,545 cases or
  16.22 percent``, ``an increase of two (1.5%)``, ``two fewer workers``,
  ``down 203 from 2022``, ``up 1.2 percentage points``;
* bases: ``from 5,486 in 2022``, ``over the revised count of 4,585``, ``higher
  than the previous year (123)``, ``fell from 80 to 71``, ``down from 3.7``;
* shares: ``accounting for 36.8% (1,942) of all 5,283``;
* sums: ``… , of which 1,942 were … and 800 were …``.

Not claims: years and split years (``2023``, ``2022/23``), dates, ``per
100,000`` denominators, chart and table numbers, release numbers
(``USDL-24-2564``), ages and durations.

Examples
--------
>>> from safetystats.claims._core import assemble
>>> s = ("There were 5,283 fatal work injuries recorded in the United States in 2023, "
...      "a 3.7-percent decrease from 5,486 in 2022.")
>>> mentions, ctx = detect(s)
>>> c = assemble(s, mentions, ctx)[0]
>>> c["value"], c["base_value"], c["reported_pct"], c["direction"], c["period"], c["base_period"]
(5283.0, 5486.0, 3.7, 'decrease', '2023', '2022')
"""

from __future__ import annotations

import re
from decimal import Decimal

from ._core import Context, Mention, Num
from .numerals import en_number_word

__all__ = ["detect"]

_WORDS = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|"
          r"eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
          r"fifteen|sixteen|seventeen|eighteen|nineteen|a\s+dozen")
_APPROX = (r"about|around|approximately|approx\.|nearly|almost|roughly|some|over|more\s+than|less\s+than|"
           r"fewer\s+than|just\s+over|just\s+under|an\s+estimated|up\s+to|close\s+to")
_NUM = re.compile(
    rf"(?P<pre>\b(?:{_APPROX})\s+)?"
    rf"(?:(?<![\w.$£€/#-])(?<!\d,)(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<frac>\.\d+)?(?![\w]|,\d{{3}}|\.\d|/\d)"
    rf"(?:\s(?P<mult>million|thousand|billion)\b)?"
    rf"(?P<pct>\s?-?\s?(?:%|percent\b|per\s?cent\b|pct\b)|\s?percentage[\s-]points?\b|\s?pp\b)?"
    rf"|\b(?P<word>{_WORDS})\b)",
)
_MULT = {"million": 1_000_000, "thousand": 1_000, "billion": 1_000_000_000}
_LETTER = re.compile(r"[A-Za-z]")
#: ASCII upper case to lower case, one character for one: the patterns below run on this copy
#: without re.IGNORECASE, which is several times faster.
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: At most this many numbers are read in one sentence (a longer run is a table, not prose).
MAX_NUMBERS = 300

_PERIOD = re.compile(r"(?<![\w.,/$-])(?P<y>(?:19|20)\d\d)(?:\s?[/-]\s?(?P<y2>\d{2}|(?:19|20)\d\d))?"
                     r"(?![\w/]|,\d{3}|\.\d|\s?(?:%|percent))")
_COMP = re.compile(
    r"\b(?:(?P<yoy>year[\s-](?:on|over)[\s-]year|from\s+a\s+year\s+(?:earlier|ago)|a\s+year\s+(?:earlier|ago))|"
    r"(?P<mom>month[\s-](?:on|over)[\s-]month)|"
    r"(?P<prev>(?:from|on|over|than|compared\s+(?:with|to))\s+(?:the\s+|a\s+)?(?:previous|prior|preceding|last)\s+"
    r"(?:year|12[\s-]month\s+period|period|reporting\s+year)|(?:from|on)\s+last\s+year)|"
    r"(?:from|on|over|than|compared\s+(?:with|to)|since)\s+(?P<y>(?:19|20)\d\d(?:/\d{2})?)(?![\w/]|,\d{3}|\.\d))",
)
_COUNT_NOUN = (r"injuries|deaths|fatalities|workers|people|persons|employees|accidents|incidents|crashes|cases|"
               r"lives|victims|casualties|miners|collisions|fires|explosions|death|fatality|accident|incident|worker")
_SKIP_TAIL = re.compile(r"(?:\b(?:per|every|each|chart|table|tables|figure|fig\.|page|section|article|no\.|number|"
                        r"usdl|item|annex|appendix|aged?|ages|rank(?:ed)?|top|grade|level|phase|step|vol\.?|"
                        r"issue)\s*|[#$£€]\s*)$")
_MONTH = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE_TAIL = re.compile(rf"\b(?:{_MONTH})\.?\s*$")
_DATE_HEAD = re.compile(rf"^\s*(?:{_MONTH})\b")
_UNIT_HEAD = re.compile(r"^\s*(?:-\s*)?(?:times|hours?|minutes?|days?|weeks?|months?|years?|km|miles?|mph|kg|"
                        r"tonnes?|tons?|metres?|meters?|feet|foot|ft|o'clock|am|pm|a\.m\.|p\.m\.|consecutive)\b")

_VERB_TAIL = re.compile(
    r"\b(?P<v>down|up|fell|rose|dropped|declined|decreased|increased|shrank|shrunk|grew|climbed|jumped|slipped|"
    r"plunged|plummeted|surged|soared|tumbled|gained|reduced|lowered|slid|sank|dipped|went\s+(?:up|down)|"
    r"reducing|increasing|decreasing|falling|rising|dropping|declining|"
    r"(?:was|were|is|are)\s+(?:up|down))(?P<by>\s+by)?(?:\s+(?:about|around|nearly|almost|roughly|approximately|"
    r"some|more\s+than|over|just\s+over|just\s+under|less\s+than|an?\s+estimated))?\s*$",
)
_NOUN_OF_TAIL = re.compile(
    r"(?:\b(?:an?|the)\s+)?(?:\b[a-z]+\s+)?\b(?P<v>decrease|increase|decline|drop|fall|rise|reduction|growth|gain|"
    r"jump|cut|improvement|deterioration)\s+of\s+(?:about|around|nearly|almost|roughly|approximately|some|"
    r"more\s+than|over|just\s+over|just\s+under)?\s*$",
)
_RIGHT_CHANGE = re.compile(
    r"^\s*(?:-\s*)?(?P<v>decrease|increase|decline|drop|fall|rise|reduction|growth|gain|jump|cut|lower|higher|"
    r"fewer|more|less|down|up|below|above|smaller|larger|greater)\b",
)
_ARTICLE_TAIL = re.compile(r"\b(?:an?|the)\s+$")
_FEWER_HEAD = re.compile(r"^\s+(?:[a-z-]+\s+)?(?P<v>fewer|more|less)\b(?!\s+than)")
_SHARE_TAIL = re.compile(
    r"\b(?:accounting\s+for|accounted\s+for|account\s+for|accounts\s+for|representing|represented|represents|"
    r"made\s+up|making\s+up|makes\s+up|comprising|comprised|share\s+of|proportion\s+of|or)\s+(?:about|nearly|"
    r"almost|roughly|approximately|some|over|just\s+over|just\s+under)?\s*$",
)
_SHARE_HEAD = re.compile(
    r"^\s*(?:\(\s*(?P<part>\d{1,3}(?:,\d{3})+|\d+)\s*\)\s*)?(?P<of>of\s+(?:all\s+|the\s+total\s+|total\s+|the\s+)?"
    r"(?P<whole>\d{1,3}(?:,\d{3})+|\d+)?)?",
)
_FROM_TAIL = re.compile(
    r"(?:\b(?P<d>down|up|lower|higher|fewer|more|greater|smaller|less|increased?|decreased?|declined?|rose|fell|"
    r"dropped|below|above|increase|decrease|decline)\s+)?\b(?:from|than|over|compared\s+(?:with|to)|versus|vs\.?|"
    r"against)\s+(?:(?:the|a|an)\s+)?(?:(?:revised|final|finali[sz]ed|preliminary|provisional|initial|original|"
    r"previous|updated|total|reported|corrected)\s+){0,2}(?:(?:count|total|figure|number|tally|toll|rate|level)\s+"
    r"(?:of\s+)?)?(?:about|around|nearly|approximately)?\s*$",
)
_PAREN_BASE = re.compile(
    r"(?:previous|prior|preceding|last)\s+(?:year|period|12[\s-]month\s+period)|average|\bthan\b|\bfrom\b|"
    r"compared")
_PAREN_DIR = re.compile(r"\b(?P<d>higher|lower|more|fewer|up|down|increase|decrease|rise|fall|above|below)\b")
_TO_TAIL = re.compile(
    r"\b(?P<v>fell|rose|dropped|declined|decreased|increased|climbed|grew|jumped|slipped|plunged|surged|soared|"
    r"tumbled|reduced|lowered|went\s+(?:up|down)|down|up|reaching|reached|falling|rising|dropping)\b[^;]{0,100}?"
    r"\bto\s+(?:about|around|nearly|approximately|some|a\s+(?:record\s+)?(?:low|high)\s+of\s+)?$",
)
_VALUE_NOUN = re.compile(
    rf"^\s+(?P<m>(?:(?!(?:were|was|is|are|in|on|of|from|to|and|or|the|a|an|for|at|by|with)\b)[A-Za-z][\w-]*\s+)"
    rf"{{0,3}}(?:{_COUNT_NOUN})\b)(?P<v>\s+(?:were|was)\s+(?:killed|fatally\s+injured)|\s+died|\s+lost\s+their\s+"
    rf"lives|\s+were\s+recorded)?",
)
_ABS_NOUN = re.compile(rf"^\s+(?:[a-z-]+\s+)?(?:{_COUNT_NOUN})\b")
_LEFT_VALUE = re.compile(r"\b(?:was|were|is|are|stood\s+at|stands\s+at|totaled|totalled|totalling|totaling|reached|"
                         r"numbered|at|of|there\s+were|(?:is|was|are|were)\s+now|(?:revised|corrected|amended)\s+to)"
                         r"\s+(?:about|around|nearly|approximately|some)?\s*$")
_LEFT_METRIC = re.compile(
    r"(?:(?:count|number|total|figure|toll|tally)\s+(?:of|for)\s+(?:the\s+number\s+of\s+)?(?P<m>[a-z][\w\s-]{2,60}?)"
    r"(?=\s+(?:in|for|during|at|was|were|is|are|recorded|reported|between)\b|\s*,|\s*$))|"
    r"(?P<r>\b(?:[a-z][\w-]*\s+){0,4}rate(?:\s+of\s+(?:[a-z][\w-]*\s+){0,3}?(?:injury|injuries|deaths?|"
    r"fatalit(?:y|ies)))?\b)",
    re.I,
)
_ABS_RIGHT_OK = re.compile(rf"^(?:\s+(?:[a-z-]+\s+)?(?:{_COUNT_NOUN}))?\s*(?:from|on|compared|than|since|over|,|\.|;|"
                           r"\(|$|in\b|and\b)")
_LIST_END = re.compile(r"^\s*(?:[,;.)]|and\b|or\b|respectively\b|$|from\b|on\b|compared\b|in\b)")

_SEP = re.compile(
    r"(?:\s|,|\(|\)|\band\b|\bor\b|\brespectively\b|\bby\b|\bboth\b|year[\s-]on[\s-]year|"
    r"(?:from|on|over|compared\s+(?:with|to))\s+(?:the\s+)?(?:previous|prior|last)\s+year|\bof\s+which\b|"
    r"\bincluding\b)*",
    re.I,
)
_GAP_BREAK = re.compile(r";|\b(?:while|whereas|but|although|though|however|meanwhile)\b", re.I)
_DOWN_WORDS = re.compile(r"^(?:down|fell|dropped|declined|decreased|shrank|shrunk|slipped|plunged|plummeted|tumbled|"
                         r"reduced|lowered|slid|sank|dipped|decrease|decline|drop|fall|reduction|cut|lower|fewer|less|"
                         r"below|smaller|deterioration|falling|dropping)")
_OF_WHICH = re.compile(r"\b(?:of\s+which|of\s+whom)\b")


def _direction(word: str) -> str:
    word = re.sub(r"\s+", " ", word.strip().lower())
    if word.startswith(("went down", "was down", "were down", "is down", "are down")):
        return "decrease"
    if word.startswith(("went up", "was up", "were up", "is up", "are up")):
        return "increase"
    return "decrease" if _DOWN_WORDS.match(word) else "increase"


def _sep_only(gap: str) -> bool:
    return len(gap) <= 60 and _SEP.fullmatch(gap) is not None


def _gap_ok(gap: str) -> bool:
    return len(gap) <= 160 and not _GAP_BREAK.search(gap)


def _clean_metric(text: str) -> str:
    text = re.sub(r"^[\s,]*(?:while|and|but|whereas)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"^(?:the\s+)?(?:(?:total|overall)\s+)?(?:number|count|total)\s+of\s+", "", text, flags=re.I)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    for _ in range(2):
        text = re.sub(r"\s+(?:in|for|during)\s+(?:(?:19|20)\d\d(?:/\d\d)?|the\s+[\w\s]+|[A-Z][\w\s]*)$", "", text)
    text = _COMP.sub("", text)
    return text.strip(" ,")


def _metrics_before(text: str, k: int) -> list[str] | None:
    text = _COMP.sub("", text)
    pieces = re.split(r";|,(?!\d{3})|\bwhile\b|\bwhereas\b|\bbut\b", text, flags=re.I)
    text = pieces[-1] if pieces[-1].strip() else (pieces[-2] if len(pieces) > 1 else "")
    text = re.sub(r"\b(?:in|during|for)\s+(?:19|20)\d\d(?:/\d\d)?\b", "", text, flags=re.I)
    text = _clean_metric(text)
    if not text or len(text) > 80 or not re.search(r"[A-Za-z]{3}", text):
        return None
    if k == 1:
        return [text]
    parts = [_clean_metric(p) for p in re.split(r"\band\b|,", text) if p.strip()]
    return parts if len(parts) == k else None


def _period_label(m: re.Match[str]) -> str | None:
    y = int(m.group("y"))
    y2 = m.group("y2")
    if not y2:
        return str(y)
    second = int(y2) if len(y2) == 4 else (y // 100) * 100 + int(y2)
    if second == y + 1:
        return f"{y}/{(y + 1) % 100:02d}"
    return None  # a range such as 2013-2017


def detect(s: str, *, doc_year: str | None = None, region: str | None = None) -> tuple[list[Mention], Context]:
    """Find the mentions of one English sentence.

    Parameters
    ----------
    s : str
        One sentence, normalised.
    doc_year : str, optional
        A default period for sentences that name none.
    region : str, optional
        A default region.

    Returns
    -------
    mentions, context
        For :func:`safetystats.claims._core.assemble`.
    """
    from .metrics import region_of

    low = s.translate(_LOWER)
    comps: list[tuple[int, int, str]] = []
    for m in _COMP.finditer(low):
        kind = "yoy" if m.group("yoy") else "mom" if m.group("mom") else "prev" if m.group("prev") else m.group("y")
        comps.append((m.start(), m.end(), kind))
    taken = [(a, b) for a, b, _ in comps]
    periods: list[tuple[int, int, str | None]] = []
    for m in _PERIOD.finditer(low):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if not m.group("y2") and _VALUE_NOUN.match(low[m.end():m.end() + 60]):
            continue  # "2015 workers" is a count, not a year
        periods.append((m.start(), m.end(), _period_label(m)))
    taken += [(a, b) for a, b, _ in periods]

    mentions: list[Mention] = []
    prev_end = 0
    last: Mention | None = None
    consumed_to = -1
    orphans: list[int] = []
    for count, m in enumerate(_NUM.finditer(low)):
        if count >= MAX_NUMBERS:
            break
        start = m.start()
        core = m.start("num") if m.group("num") else m.start("word")
        if core < consumed_to or any(a <= core < b for a, b in taken):
            continue
        left = low[max(prev_end, start - 60):start]
        mention = _classify(s, low, m, left, last)
        if mention is None:
            if not re.search(r"\bper\s*$", left) and m.group("num"):
                orphans.append(core)
            continue
        if mention.kind == "share":
            consumed_to = mention.end
        window_end = len(s)
        for nxt in _NUM.finditer(low, mention.end):
            if not any(a <= nxt.start() < b for a, b in taken):
                window_end = nxt.start()
                break
        after = [p for a, _, p in periods if mention.end <= a < window_end and p]
        before = [p for a, _, p in periods if a < mention.start and p]
        if mention.kind == "base":
            mention.period = after[0] if after else None
        elif mention.kind in ("value", "change"):
            mention.period = after[0] if after else (before[-1] if before else None)
        else:
            mention.period = before[-1] if before else None
        comp = [c for a, b, c in comps if mention.start - 80 <= a and a < window_end and b <= window_end]
        mention.comparator = comp[0] if comp else None
        mentions.append(mention)
        prev_end = mention.end
        last = mention
    for m in _OF_WHICH.finditer(low):
        mentions.append(Mention("of_which", m.start(), m.end()))
        mentions.extend(_of_which_values(s, low, m, mentions, taken))
    first_period = next((p for _, _, p in periods if p), None)
    del first_period  # an English sentence's first year is as often the base's as the value's
    for mention in mentions:
        if mention.kind == "share" and not mention.metric:
            mention.metric = _subject(s, mention.start)
    ctx = Context(gap_ok=_gap_ok, sep_only=_sep_only, metrics_before=_metrics_before,
                  period=doc_year, region=region_of(s) or region,
                  blocked=lambda lo, hi: any(lo <= p < hi for p in orphans))
    return mentions, ctx


def _num_from(m: re.Match[str]) -> Num | None:
    approx = bool(m.group("pre"))
    if m.group("word"):
        return Num(Decimal(en_number_word(m.group("word"))), 0, approx, None, m.group())
    text = m.group("num").replace(",", "") + (m.group("frac") or "")
    if len(text) > 16:
        return None  # a code or a run of digits, not a statistic
    value = Decimal(text)
    decimals = len((m.group("frac") or ".")[1:])
    if m.group("mult"):
        value *= _MULT[m.group("mult").lower()]
        approx = True
    unit = None
    pct = m.group("pct")
    if pct:
        unit = "pp" if re.search(r"point|pp", pct) else "%"
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return Num(value, decimals, approx, unit, m.group())


def _classify(s: str, low: str, m: re.Match[str], left: str, last: Mention | None) -> Mention | None:
    """Decide what the number ``m`` is; ``left`` and the patterns work on ``low``, metric words come from ``s``."""
    start, end = m.start(), m.end()
    num = _num_from(m)
    if num is None:
        return None
    word = bool(m.group("word"))
    right = low[end:end + 80]
    if not _LETTER.search(low, max(0, start - 140), min(len(low), end + 40)):
        return None  # no word near it: a table cell, a list of figures
    if _SKIP_TAIL.search(left):
        return None
    small = num.value <= 31 and num.decimals == 0
    if small and (_DATE_TAIL.search(left) or _DATE_HEAD.match(right)):
        return None
    is_pct = num.unit in ("%", "pp")
    if not is_pct and _UNIT_HEAD.match(right):
        return None
    if not is_pct and right[:1] == ":" and right[1:2].isdigit():
        return None  # a time of day
    pct_unit = "pp" if num.unit == "pp" else "percent"
    continues = last is not None and last.kind == "change" and _sep_only(left) and s[last.end:start] == left
    # --- percentages -----------------------------------------------------
    if is_pct:
        share = _SHARE_TAIL.search(left)
        head = _SHARE_HEAD.match(right)
        if share is not None and (not share.group().lower().startswith("or") or (head and head.group("of"))):
            part = whole = None
            stop = end
            if head is not None and head.group():
                if head.group("part"):
                    part = _plain_num(head.group("part"))
                if head.group("whole"):
                    whole = _plain_num(head.group("whole"))
                stop = end + head.end()
            mention = Mention("share", start - (len(left) - share.start()), stop, num=num, pct=True,
                              pct_unit="percent", whole=whole)
            if part is not None:
                mention.extra["part"] = part
            return mention
        to = _last_to(low, start)
        if to is not None:  # rose 1.2 percentage points to 15.1 percent
            return Mention("value", start, end, num=num, to=True, direction=_direction(to.group("v")),
                           metric=_before_verb(s, to.start("v")) or _left_metric(s, start) or _subject(s, start))
        verb = _VERB_TAIL.search(left) or _NOUN_OF_TAIL.search(left)
        if verb is not None:
            return Mention("change", start - (len(left) - verb.start()), end, num=num,
                           direction=_direction(verb.group("v")), pct=True, pct_unit=pct_unit,
                           rounding="any" if num.approximate else None)
        rc = _RIGHT_CHANGE.match(right)
        if rc is not None:
            art = _ARTICLE_TAIL.search(left)
            mstart = start - (len(left) - art.start()) if art else start
            return Mention("change", mstart, end + rc.end(), num=num, direction=_direction(rc.group("v")), pct=True,
                           pct_unit=pct_unit, rounding="any" if num.approximate else None)
        if continues and _LIST_END.match(right):
            return Mention("change", start, end, num=num, pct=True, pct_unit=pct_unit, bare=True)
        metric = _left_metric(s, start)
        return Mention("level", start, end, num=num, pct=True, pct_unit=pct_unit, metric=metric)
    # --- counts --------------------------------------------------------------
    noun = _ABS_NOUN.match(right)
    abs_end = end + (noun.end() if noun else 0)
    noun_words = s[end:end + noun.end()].strip() if noun else None
    nof = _NOUN_OF_TAIL.search(left)
    if nof is not None:
        return Mention("change", start - (len(left) - nof.start()), abs_end, num=num,
                       direction=_direction(nof.group("v")), metric=noun_words)
    fewer = _FEWER_HEAD.match(right)
    if fewer is not None:
        noun2 = re.match(rf"^\s+(?:[a-z-]+\s+)?(?:{_COUNT_NOUN})\b", right[fewer.end():])
        stop = end + fewer.end() + (noun2.end() if noun2 else 0)
        return Mention("change", start, stop, num=num, direction=_direction(fewer.group("v")),
                       metric=s[end + fewer.end():stop].strip() if noun2 else None)
    to = _last_to(low, start)
    if to is not None:
        vn = _VALUE_NOUN.match(right)
        metric = (" ".join(s[end + vn.start("m"):end + vn.end("m")].split()) if vn else None) or _before_verb(
            s, to.start("v")) or _left_metric(s, start) or _subject(s, start)
        return Mention("value", start, end, num=num, to=True, direction=_direction(to.group("v")), metric=metric)
    frm = _FROM_TAIL.search(left)
    if frm is not None and not word:
        base = Mention("base", start, abs_end, num=num,
                       direction=_direction(frm.group("d")) if frm.group("d") else None)
        return base
    if left.endswith("(") and right.lstrip().startswith(")") and not word:
        ctx = low[max(0, start - 100):start]
        if _PAREN_BASE.search(ctx):
            d = None
            for dm in _PAREN_DIR.finditer(ctx):
                d = dm.group("d")
            base = Mention("base", start, end + right.find(")") + 1, num=num, direction=_direction(d) if d else None)
            if re.search(r"\baverage\b", ctx):
                base.extra["average"] = True  # an average of several years: no single base period
            return base
    verb = _VERB_TAIL.search(left)
    if verb is not None and (verb.group("by") or _ABS_RIGHT_OK.match(right)):
        return Mention("change", start - (len(left) - verb.start()), abs_end, num=num,
                       direction=_direction(verb.group("v")))
    if continues and not last.pct and not word:
        return Mention("change", start, abs_end, num=num, bare=True)
    if re.search(r"-\s*$", left) and re.match(r"^\s*-", right) and last is not None and last.kind == "change":
        return Mention("value", start, end, num=num, metric=last.metric)  # two fewer workers - 173 - were …
    if word:
        return None
    if last is not None and last.kind == "base" and _sep_only(left) and s[last.end:start] == left:
        return Mention("base", start, abs_end, num=num, direction=last.direction)
    vn = _VALUE_NOUN.match(right)
    if vn is not None:
        metric = s[end + vn.start("m"):end + vn.end("m")].strip()
        if vn.group("v") and re.search(r"killed|fatally|died|lives", vn.group("v")):
            metric = metric + vn.group("v")
        if re.match(r"^\s+per\b", right[vn.end("m"):]):  # 3.5 fatalities per 100,000: a rate
            metric = _left_metric(s, start) or metric
        of = re.search(rf"\b(?P<w>{_COUNT_NOUN})\s+of\s*$", left)
        if of is not None:  # the deaths of 136,755 people
            metric = of.group("w")
        elif re.search(r"\b(?:killed|claimed\s+the\s+lives\s+of)\s*$", left):
            metric = metric + " killed"  # the accidents killed 38,000 people
        mention = Mention("value", start, end + vn.end("m"), num=num, metric=re.sub(r"\s+", " ", metric))
        if re.match(r"^\s*(?:etc|and\s+others)\b", right[vn.end():]):
            mention.etc = True
        return mention
    if _LEFT_VALUE.search(left) or _LEFT_VALUE.search(s[max(0, start - 30):start]):
        metric = _left_metric(s, start) or _subject(s, start)
        if metric:
            return Mention("value", start, end, num=num, metric=metric)
    return None


_PART = re.compile(r"(?<![\w.,$-])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?![\w%]|,\d{3}|\.\d|\s?(?:%|percent|per\s?cent))"
                   r"\s+(?:(?:were|was|are|is)\s+)?(?P<w>[a-z][a-z\s-]{0,40}?)(?=\s*(?:,|;|\.|\band\b|$|\())")


def _of_which_values(s: str, low: str, marker: re.Match[str], mentions: list[Mention],
                     taken: list[tuple[int, int]]) -> list[Mention]:
    """The total before "of which" and the parts after it, as values ("including" gives examples, not parts).

    ``78 shelters in the city, of which 12 were central shelters and 66 were fixed shelters``: the
    parts need not carry a count noun, and the total's value ends where the list begins.
    """
    have = {m.start for m in mentions}
    out: list[Mention] = []
    head = low[max(0, marker.start() - 100):marker.start()]
    offset = marker.start() - len(head)
    totals = [t for t in _NUM.finditer(head) if t.group("num") and not t.group("pct")
              and not any(a <= offset + t.start("num") < b for a, b in taken)]
    if not totals:
        return out
    t = totals[-1]
    t_start = offset + t.start("num")
    if re.search(r";", low[t_start:marker.start()]):
        return out
    stop = low.find(";", marker.end())
    stop = len(low) if stop < 0 else stop
    parts = []
    for p in _PART.finditer(low, marker.end(), stop):
        if any(a <= p.start() < b for a, b in taken):
            continue
        words = " ".join(s[p.start("w"):p.end("w")].split())
        parts.append(Mention("value", p.start(), p.end("n"), num=_plain_num(p.group("n")), metric=words or None))
    if len(parts) < 2:
        return out
    gap_end = marker.start() - len(low[:marker.start()]) + len(low[:marker.start()].rstrip(" ,"))
    total_words = " ".join(s[t_start + len(t.group("num")):gap_end].split())
    total_words = re.sub(r"\s+(?:in|at|for|during)\s+.*$", "", total_words) or None
    total = next((m for m in mentions if m.start == t_start and m.kind == "value"), None)
    if total is None:
        total = Mention("value", t_start, gap_end, num=_plain_num(t.group("num")), metric=total_words)
        out.append(total)
    else:
        total.end = max(total.end, gap_end)
    out.extend(p for p in parts if p.start not in have)
    return out


def _last_to(low: str, start: int) -> re.Match[str] | None:
    """The verb nearest to "… to <number>" (fell … to, rose … to, down to), or None."""
    found = None
    pos = max(0, start - 140)
    while pos < start:
        m = _TO_TAIL.search(low, pos, start)
        if m is None or m.end() != start:
            break
        found = m
        pos = m.start("v") + 1
    return found


def _before_verb(s: str, verb: int) -> str | None:
    """The noun phrase just before a verb: "… with related fatalities down to 34,000" -> related fatalities."""
    text = s[max(0, verb - 100):verb]
    cut = max(text.rfind(","), text.rfind(";"))
    for m in re.finditer(r"\b(?:with|and|while|whereas|but|as)\b", text, re.I):
        cut = max(cut, m.end() - 1)
    text = re.sub(r"\s+(?:was|were|is|are|has|have|had|has\s+been|have\s+been)\s*$", "", text[cut + 1:], flags=re.I)
    text = _clean_metric(text)
    if not re.search(r"[A-Za-z]{3}", text) or re.match(r"^(?:it|this|that|there|they)$", text, re.I):
        return None
    return text[:100].strip()


def _subject(s: str, start: int) -> str | None:
    """The noun phrase a clause is about: the words before its first verb."""
    text = s[:start]
    text = text[text.rfind(";") + 1:]
    verbs = (r"remained|were|was|is|are|accounted|made|had|has|have|accounting|with|represented|represents|"
             r"comprised|totaled|totalled|totalling|totaling|numbered|reached|stood|fell|rose|dropped|declined|"
             r"decreased|increased")
    m = re.match(rf"\s*(?P<m>(?:(?!(?:{verbs})\b)[A-Za-z][\w-]*\s+){{1,5}}?)(?:{verbs})\b", text, re.I)
    if not m:
        return None
    words = re.sub(r"^\s*(?:there|it|this|that)\s*$", "", m.group("m"), flags=re.I)
    return _clean_metric(words) or None


def _plain_num(text: str) -> Num:
    value = Decimal(text.replace(",", ""))
    return Num(value, 0, False, None, text)


def _left_metric(s: str, start: int) -> str | None:
    lo = max(0, start - 160)
    text = s[lo:start]
    text = text[text.rfind(";") + 1:]  # a sentence holds ". " only after abbreviations (U.S.)
    found = None
    for m in _LEFT_METRIC.finditer(text):
        found = m
    if found is None:
        return None
    words = found.group("m") or found.group("r")
    words = re.sub(r"^(?:the|a|an)\s+", "", words.strip(), flags=re.I)
    return re.sub(r"\s+", " ", words) or None
