"""Chinese patterns: counts with their units, changes, shares, levels and 其中 sums.

Recognised (on text normalised by :func:`~safetystats.claims.numerals.normalize_chars`,
so traditional characters and full-width digits work too):

* values: ``事故 71 起``, ``死亡 12.7万人``, ``1.07万余人``, ``21 242 人``, a rate
  after 为/是/降到 (``死亡率为0.558``);
* changes: ``下降 11.3%``, ``同比减少 11 起``, ``分别下降 11.3%和 10.7%`` (paired
  in order with the values before), ``下降 1.2 个百分点``, ``降幅13.9%``,
  ``下降百分之九点六``, ``由0.413降到0.312``, 同比 / 环比 / 比上年 / 比2006年;
* shares: ``占全部死亡人数的 40.0%``, ``占比 36.8%``;
* levels: any other percentage (``出庭应诉率100%``, ``100%应装尽装``) and
  ``零败诉`` / ``零死亡`` (not when the sentence states a target: 力争, 目标 …);
* sums: ``共建成避难场所78个，其中中心避难场所12个，固定避难场所66个``.

Not claims: years and periods (``2023年``, ``1-12月``, ``前三季度``), dates
(``6月20日``), ranks (``第3``), document numbers (``〔2020〕7号``), plan names
(``1+13+X+Y``), rate denominators (``10万人``, ``每万车``), numbers next to
Latin letters (``GB6441``).

Examples
--------
>>> from safetystats.claims._core import assemble
>>> s = "全年共发生生产安全事故 71 起、死亡 50 人，分别下降 11.3%和 10.7%。"
>>> mentions, ctx = detect(s, doc_year="2023")
>>> [(c["metric"], c["value"], c["reported_pct"], c["base_period"]) for c in assemble(s, mentions, ctx)]
[('生产安全事故', 71.0, 11.3, '2022'), ('死亡', 50.0, 10.7, '2022')]
"""

from __future__ import annotations

import re
from decimal import Decimal

from ._core import Context, Mention, Num
from .numerals import cn_number, cn_percent

__all__ = ["detect", "UNITS"]

#: Units that follow a count in Chinese reports (longest first in the pattern).
UNITS = (
    "个百分点", "百分点", "人次", "平方公里", "平方米", "公里", "千米", "公顷", "起", "人", "名", "个", "家", "项",
    "件", "篇", "期", "次", "支", "套", "座", "处", "所", "户", "辆", "台", "部", "场", "类", "吨", "元", "天",
    "小时", "位", "条", "批", "份", "宗", "例", "亩", "艘", "架", "栋", "间",
)
_U = "|".join(sorted(UNITS, key=len, reverse=True))
_CN = "零〇一二两三四五六七八九十百千万亿"

_NUM = re.compile(
    rf"(?P<pre>约|近|超过|逾|将近|接近|大约|不到|不足)?"
    rf"(?:"
    rf"(?P<num>(?<![\d.])(?<!\d,)(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d{{1,3}}(?: \d{{3}})+(?= ?[\u4e00-\u9fff%])|\d+)"
    rf"(?:\.\d+)?(?!\d))"
    rf"(?: ?(?P<mult>万|亿|千(?![米克瓦伏帕]))(?!分之))?"
    rf"(?P<post>余|多)?"
    rf"(?: ?(?P<unit>{_U}|%))?"
    rf"(?P<post2>左右|以上|余|多)?"
    rf"|(?P<cnpct>[百千]分之[{_CN}点]{{1,12}})"
    rf"|(?P<cn>(?<![{_CN}])[{_CN}]{{1,12}}(?:点[零〇一二三四五六七八九]{{1,6}})?) ?(?P<cnunit>{_U})"
    rf")"
)
_MULT = {"万": 10_000, "亿": 100_000_000, "千": 1_000}
#: At most this many numbers are read in one sentence.
MAX_NUMBERS = 300

_COMP = re.compile(
    r"同比|环比|(?:比|较|与)(?:上年|去年|上一年)同期(?:相比)?|(?:比|较)(?:上年|去年|上一年)|"
    r"与(?:上年|去年|上一年)相比|(?:比|较|与)(?P<y>(?:19|20)\d\d) ?年(?:同期)?(?:相比)?|"
    r"按照?可比口径与(?:上年|去年)同期(?:\(下同\))?(?:相比|比较)?"
)
_PERIOD = re.compile(
    r"(?P<y>(?:19|20)\d\d) ?年(?:度)?"
    r"(?: ?(?P<a>\d{1,2}) ?(?:-|至|~|到) ?(?P<b>\d{1,2}) ?月(?:份)?"
    r"| ?(?P<m>\d{1,2}) ?月(?:份)?(?! ?\d{1,2} ?日)"
    r"| ?第?(?P<q>[一二三四1-4])季度"
    r"| ?前(?P<qq>[一二三1-3])季度"
    r"| ?(?P<h1>上半年))?"
    r"|(?<![\d年.])(?P<a2>\d{1,2}) ?(?:-|至|~) ?(?P<b2>\d{1,2}) ?月(?:份)?"
    r"|(?<![\d年.\-至~])(?P<m2>\d{1,2}) ?月份"
    r"|前(?P<qq2>[一二三])季度"
    r"|(?<![第前])(?P<q2>[一二三四])季度"
    r"|(?P<h12>上半年)"
    r"|(?P<full>全年|今年|本年|当年|年内)"
    r"|(?<![比较与同])(?P<last>去年|上年)(?!同期|相比)"
)
_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_DOWN = "下降|减少|降低|下滑|回落|减小|下跌|缩减|减"
_UP = "上升|增长|增加|提高|上涨|攀升|增多|增"
_CHANGE_TAIL = re.compile(r"(?P<v>下降|减少|降低|下滑|回落|减小|下跌|缩减|上升|增长|增加|提高|上涨|攀升|增多)"
                          r"了?(?:约|近|超过|逾|达)?\s?$")
_SINGLE_TAIL = re.compile(r"(?:同比|环比|比上年|较上年|比去年|较去年|同期|分别|相比)(?P<v>减|降|增|升)了?\s?$")
_FUDU_TAIL = re.compile(r"(?P<v>降幅|减幅|增幅|涨幅|下降幅度|增长幅度|降低幅度|减少幅度|上升幅度)(?:分别)?"
                        r"(?:为|达到|达|是)?(?:约|近)?\s?$")
_TO_TAIL = re.compile(r"(?P<v>下降|降低|减少|降|减|上升|增长|增加|提高|升|增|回落)(?:到|至|为)"
                      r"(?:(?:19|20)\d\d ?年的?)?\s?$")
_FROM_TAIL = re.compile(r"(?:由|从)(?:(?:19|20)\d\d ?年的?)?\s?$")
_SHARE_TAIL = re.compile(r"(?:占比|比重|所占比例|占[^，,。；;：:]{0,16}?的?(?:比重|比例)?)(?:为|达到|达|是)?(?:约|近)?\s?$")
_SKIP_TAIL = re.compile(r"(?:第|排名第?|名列第|位列第|排第|居第|序号|编号|No\.?|每|\+)\s?$")
_BARE_VALUE_TAIL = re.compile(r"(?:为|是|达到|达|共|计|率|数)\s?$")
_DATE_HEAD = re.compile(r"^ ?(?:月|日|号|时|点(?!\d)|分(?!之)|秒|周岁|岁|年|届|版|级|条|章|款|\)|）|〕|】)")
_DENOMINATOR_HEAD = re.compile(r"^(?:生产|死亡|事故|工伤|就业|从业|伤亡|人口|职工)")
_LIST_END = re.compile(r"^\s?(?:[，,、；;。和及与)）]|分别|$)")
_ZERO = re.compile(r"(?<![\d〇一二三四五六七八九十百千万点])零(?P<w>伤亡事故|死亡事故|安全事故|事故发生|败诉|死亡|事故|伤亡|违法|"
                   r"撤销|投诉|伤害|重伤|火灾|亡人|污染|发生)")
_TARGET = re.compile(r"力争|争取|目标|计划|预计|确保|努力|将实现|要实现")
_OF_WHICH = re.compile(r"其中")
_CLAUSE_MARK = re.compile(r"[，,、；;：:（(“\"”。]")

_SEP = re.compile(
    r"(?:[\s,，、/()（）:：]|和|及|与|以及|或|分别|同比|环比|其中|(?:比|较|与)(?:上年|去年|上一年)(?:同期)?(?:相比)?|"
    r"按照?可比口径与(?:上年|去年)同期(?:\(下同\))?(?:相比|比较)?|(?:比|较|与)(?:19|20)\d\d ?年(?:同期)?(?:相比)?)*"
)
_GAP = re.compile(
    r"(?:[\s,，、/()（）:：]|分别|同比|环比|(?:比|较|与)(?:上年|去年|上一年)(?:同期)?(?:相比)?|"
    r"按照?可比口径与(?:上年|去年)同期(?:\(下同\))?(?:相比|比较)?|(?:比|较|与)(?:19|20)\d\d ?年(?:同期)?(?:相比)?|"
    r"全年|今年|(?:19|20)\d\d ?年)*"
)
_PREFIX = re.compile(
    r"^(?:全年|今年以来|今年|本年|去年|上年|当年|年内|全市|全省|全国|全区|全县|本市|我市|我省|我国|中国|"
    r"共计|累计|合计|总计|共|各类|各种|发生了?|完成了?|建成|建有|共有|有|实现|新增|其中|分别为?|的|据统计|"
    r"(?:19|20)\d\d ?年(?:以来|度)?|\d{1,2} ?(?:-|至|~) ?\d{1,2} ?月(?:份)?|前[一二三]季度|[一二三四]季度|上半年|"
    r"[\s\"“”‘’《》]|同比|环比|[一二三四五六七八九十]+是|首先|其次|此外|同时|另外|保持)+"
)
_SUFFIX = re.compile(r"(?:为|是|达到|达|约|共|计|分别为|分别|总数为|同比|环比|由|从|下降|减少|降低|上升|增长|增加|提高|"
                     r"[\s\"“”])+$")
_SPLIT_METRICS = re.compile(r"以及|和|、|及|与")


def _sep_only(gap: str) -> bool:
    return len(gap) <= 60 and _SEP.fullmatch(gap) is not None


def _gap_ok(gap: str) -> bool:
    return len(gap) <= 40 and _GAP.fullmatch(gap) is not None


def _clean_metric(text: str) -> str:
    text = _SUFFIX.sub("", _PREFIX.sub("", text.strip()))
    text = _COMP.sub("", text)
    return _SUFFIX.sub("", text).strip()


def _metrics_before(text: str, k: int) -> list[str] | None:
    text = _COMP.sub("", text)
    text = re.sub(r"分别|同比|环比", "", text)
    cut = max(text.rfind("，"), text.rfind(","), text.rfind("；"), text.rfind("："), text.rfind(":"))
    text = text[cut + 1:]
    text = _clean_metric(text)
    if not text:
        return None
    if k == 1:
        return [text]
    parts = [_clean_metric(p) for p in _SPLIT_METRICS.split(text)]
    parts = [p for p in parts if p]
    return parts if len(parts) == k else None


def _period_label(m: re.Match[str], doc_year: str | None) -> str | None:
    y = m.group("y") or doc_year
    if m.group("last"):
        return str(int(doc_year) - 1) if doc_year else None
    if y is None:
        return None
    a, b = m.group("a") or m.group("a2"), m.group("b") or m.group("b2")
    if a and b:
        ia, ib = int(a), int(b)
        if not (1 <= ia <= ib <= 12):
            return None
        return y if (ia, ib) == (1, 12) else f"{y}-{ia:02d}..{ib:02d}"
    if m.group("m") or m.group("m2"):
        mm = int(m.group("m") or m.group("m2"))
        return f"{y}-{mm:02d}" if 1 <= mm <= 12 else None
    q = m.group("q") or m.group("q2")
    if q:
        return f"{y}Q{_Q[q]}"
    qq = m.group("qq") or m.group("qq2")
    if qq:
        return f"{y}-01..{3 * _Q[qq]:02d}"
    if m.group("h1") or m.group("h12"):
        return f"{y}-01..06"
    return y


def _comparator(m: re.Match[str]) -> str:
    text = m.group()
    if m.group("y"):
        return m.group("y")
    if "同期" in text or text == "同比":
        return "yoy"
    if text == "环比":
        return "mom"
    return "prev"


def _direction(verb: str) -> str:
    if re.fullmatch(_DOWN, verb) or verb.startswith(("降", "减", "下")) or verb in ("回落", "缩减"):
        return "decrease"
    return "increase"


def detect(s: str, *, doc_year: str | None = None, region: str | None = None) -> tuple[list[Mention], Context]:
    """Find the mentions of one normalised Chinese sentence.

    Parameters
    ----------
    s : str
        One sentence, normalised.
    doc_year : str, optional
        The report's year (for 全年, 今年, 1-5月 without a year).
    region : str, optional
        The report's region (for 全市 / 全省).

    Returns
    -------
    mentions, context
        For :func:`safetystats.claims._core.assemble`.
    """
    from .metrics import region_of

    comps = [(m.start(), m.end(), _comparator(m)) for m in _COMP.finditer(s)]
    taken = [(a, b) for a, b, _ in comps]
    periods: list[tuple[int, int, str | None]] = []
    for m in _PERIOD.finditer(s):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        periods.append((m.start(), m.end(), _period_label(m, doc_year)))
    taken += [(a, b) for a, b, _ in periods]

    mentions: list[Mention] = []
    prev_end = 0
    last: Mention | None = None
    for count, m in enumerate(_NUM.finditer(s)):
        if count >= MAX_NUMBERS:
            break  # a longer run of figures is a table, not prose
        start, end = m.start(), m.end()
        numstart = m.start("num") if m.group("num") else start
        if any(a <= numstart < b for a, b in taken):
            continue
        left = s[max(prev_end, start - 40):start]
        right = s[end:end + 12]
        mention = _classify(s, m, left, right, last)
        if mention is None:
            continue
        if mention.kind == "base":
            mention.period = _last_period(periods, mention.start, lo=mention.extra.get("period_lo", start))
        else:
            mention.period = _last_period(periods, mention.start)
        mention.comparator = _last_comparator(comps, prev_end, mention.start) or _last_comparator(
            comps, 0, mention.start)
        mentions.append(mention)
        prev_end = end
        last = mention
    for m in _ZERO.finditer(s):
        if _TARGET.search(s, 0, m.start()):
            continue
        clause = s[: m.start()]
        cut = max(clause.rfind(c) for c in "，,；;。：:")
        words = re.sub(r"^(?:保持|实现|做到|确保)+", "", _clean_metric(clause[cut + 1:]).strip("“\"”"))
        words = re.sub(r"(?:保持|实现|做到)$", "", words)
        mentions.append(Mention("zero", m.start(), m.end(), metric=(words + "零" + m.group("w")).strip("“”\""),
                                period=_last_period(periods, m.start())))
    for m in _OF_WHICH.finditer(s):
        mentions.append(Mention("of_which", m.start(), m.end()))
    first_period = next((p for _, _, p in periods if p), None)
    ctx = Context(gap_ok=_gap_ok, sep_only=_sep_only, metrics_before=_metrics_before,
                  period=first_period or doc_year, region=region_of(s, default=region) or region)
    return mentions, ctx


def _last_period(periods: list[tuple[int, int, str | None]], pos: int, lo: int = 0) -> str | None:
    found = [p for a, _, p in periods if lo <= a < pos and p]
    return found[-1] if found else None


def _last_comparator(comps: list[tuple[int, int, str]], lo: int, hi: int) -> str | None:
    found = [c for a, b, c in comps if lo <= a and b <= hi]
    return found[-1] if found else None


def _num_from(m: re.Match[str]) -> Num | None:
    approx = bool(m.group("pre"))
    if m.group("num"):
        text = m.group("num").replace(",", "").replace(" ", "")
        if len(text) > 16:
            return None  # a code or a run of digits, not a statistic
        value = Decimal(text)
        decimals = len(text.partition(".")[2])
        mult = m.group("mult")
        if mult:
            value *= _MULT[mult]
            approx = True
        if m.group("post") or m.group("post2"):
            approx = True
        unit = m.group("unit")
        if unit in ("个百分点", "百分点"):
            unit = "pp"
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return Num(value, decimals, approx, unit, m.group())
    if m.group("cnpct"):
        try:
            value, decimals = cn_percent(m.group("cnpct"))
        except ValueError:
            return None
        return Num(value, decimals, approx, "%", m.group())
    if len(m.group("cn")) > 12:
        return None
    try:
        value = cn_number(m.group("cn"))
    except ValueError:
        return None
    unit = m.group("cnunit")
    if unit in ("个百分点", "百分点"):
        unit = "pp"
    exp = value.as_tuple().exponent
    return Num(value, max(0, -exp) if isinstance(exp, int) else 0, approx, unit, m.group())


def _classify(s: str, m: re.Match[str], left: str, right: str, last: Mention | None) -> Mention | None:
    start, end = m.start(), m.end()
    num = _num_from(m)
    if num is None:
        return None
    cn = bool(m.group("cn"))
    raw = m.group("num") or ""
    # --- things that are not statistics --------------------------------
    if _SKIP_TAIL.search(left):
        return None
    before = s[start - 1] if start > 0 else ""
    after = s[end] if end < len(s) else ""
    if (before.isascii() and before.isalpha()) or (num.unit is None and after.isascii() and after.isalpha()):
        return None  # GB6441, H7N9, 5G
    if before == "+" or after == "+" or (before == "-" and start >= 2 and s[start - 2].isdigit()):
        return None  # 1+13+X+Y, 0512-6522
    if max(s.rfind("〔", 0, start), s.rfind("【", 0, start), s.rfind("[", 0, start)) > max(
            s.rfind("〕", 0, start), s.rfind("】", 0, start), s.rfind("]", 0, start)):
        return None  # 〔2020〕7号
    if num.unit is None and _DATE_HEAD.match(right):
        return None
    if num.unit is None and raw and len(raw.replace(",", "")) >= 7 and "." not in raw:
        return None  # phone numbers, codes
    if m.group("mult") == "万" and num.unit in ("人", "辆") and _DENOMINATOR_HEAD.match(right):
        return None  # 10万人生产安全事故死亡人数: part of a rate's name
    is_pct = num.unit in ("%", "pp")
    pct_unit = "pp" if num.unit == "pp" else "percent"
    # --- changes ----------------------------------------------------------
    to = _TO_TAIL.search(left)
    verb = None if to else (_CHANGE_TAIL.search(left) or _SINGLE_TAIL.search(left) or _FUDU_TAIL.search(left))
    if verb is not None:
        direction = _direction(verb.group("v"))
        vstart = start - (len(left) - verb.start())
        if is_pct:  # 下降约11%: an approximate figure fits under any rounding rule
            return Mention("change", vstart, end, num=num, direction=direction, pct=True, pct_unit=pct_unit,
                           rounding="any" if num.approximate else None)
        if num.unit in ("位", "名") and re.search(r"排名|名次|位次|排位|第", s):
            return None  # 排名上升2位: a rank, not a count
        if num.unit is not None:
            return Mention("change", vstart, end, num=num, direction=direction)
        return None
    continues = (last is not None and last.kind == "change" and _sep_only(left)
                 and s[last.end:start] == left)
    if is_pct:
        if to is not None:  # 由90.0%提高到92.5%
            return Mention("value", start, end, num=num, to=True, direction=_direction(to.group("v")),
                           metric=_value_metric(s, start, left, to.start()))
        frm = _FROM_TAIL.search(left)
        if frm is not None:
            base = Mention("base", start, end, num=num, metric=_value_metric(s, start, left, frm.start()))
            base.extra["period_lo"] = start - len(left) + frm.start()
            return base
        if continues and _LIST_END.match(right):
            return Mention("change", start, end, num=num, pct=True, pct_unit=pct_unit, bare=True)
        share = _SHARE_TAIL.search(left)
        if share is not None and num.unit == "%":
            whole = None
            if last is not None and last.kind == "value" and re.search(r"占[^，,。；;]{0,16}$", s[:last.start]) \
                    and re.fullmatch(r"\s?的?(?:比重|比例)?(?:为|达到|达|是)?\s?", s[last.end:start]):
                whole = last.num  # 占全市事故总数71起的 40%
                last.kind = "ignored"
            mention = Mention("share", start - (len(left) - share.start()), end, num=num, pct=True,
                              pct_unit="percent", whole=whole)
            return mention
        return _level(s, start, end, num, pct_unit, left, right)
    if cn and to is None and not _FROM_TAIL.search(left):
        return None  # 三项, 五项机制, 四大体系: names, not counts
    if num.unit is None and not (to or _FROM_TAIL.search(left) or _BARE_VALUE_TAIL.search(left)):
        return None
    if continues and num.unit is not None and not last.pct and to is None:
        return Mention("change", start, end, num=num, bare=True)
    frm = _FROM_TAIL.search(left)
    if frm is not None:
        base = Mention("base", start, end, num=num, metric=_value_metric(s, start, left, frm.start()))
        base.extra["period_lo"] = start - len(left) + frm.start()
        return base
    if to is not None:
        return Mention("value", start, end, num=num, to=True, direction=_direction(to.group("v")),
                       metric=_value_metric(s, start, left, to.start()))
    clause_start = _clause_start(s, start, left)
    words = s[clause_start:start]
    metric = _clean_metric(words)
    lead = len(words) - len(words.lstrip())
    mention = Mention("value", start, end, num=num, metric=metric or None,
                      etc=right.lstrip().startswith("等"))
    stripped = _PREFIX.match(words)
    mention.extra["metric_start"] = clause_start + (stripped.end() if stripped else lead)
    return mention


def _clause_start(s: str, start: int, left: str) -> int:
    lo = start - len(left)
    cut = -1
    for mk in _CLAUSE_MARK.finditer(s, lo, start):
        cut = mk.end()
    return cut if cut >= 0 else lo


def _value_metric(s: str, start: int, left: str, verb_at: int) -> str | None:
    lo = start - len(left)
    words = s[lo:lo + verb_at]
    cut = max(words.rfind(c) for c in "，,；;。：:")
    words = words[cut + 1:]
    words = re.sub(r"(?:由|从)[^由从]*$", "", words)
    return _clean_metric(words) or None


def _level(s: str, start: int, end: int, num: Num, pct_unit: str, left: str, right: str) -> Mention:
    if right[:1] and "\u4e00" <= right[:1] <= "\u9fff":
        tail = s[end:end + 30]
        stop = _CLAUSE_MARK.search(tail)
        metric = tail[: stop.start()] if stop else tail
    else:
        metric = _clean_metric(s[_clause_start(s, start, left):start])
    return Mention("level", start, end, num=num, pct=True, pct_unit=pct_unit, metric=metric or None)
