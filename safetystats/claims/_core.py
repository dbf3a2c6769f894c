"""The language-independent part of claim extraction.

The language modules (:mod:`.zh`, :mod:`.en`) find *mentions* in a sentence:
values (``71 起``), base values (``from 5,486``, ``由0.413``), changes
(``下降 11.3%``, ``a decrease of 43``; a bare list item such as ``和 10.7%``
continues the change before it), shares, levels, zero statements and the
``其中`` / ``of which`` marker.  :func:`assemble` turns them into claims:

1. consecutive changes joined only by separators (、 和 , and or ( 分别 同比 …)
   form a *group*; a group of absolute changes and percentages is paired in
   order (``减少 11 起、146 人，分别下降 16.9% 和 15.0%``; ``a decrease of
   155,545 cases or 16.22 percent and a reduction of 315 fatalities or 0.23
   percent``);
2. a group of *k* changes takes the last *k* values before it in the same
   clause (``事故 71 起、死亡 50 人，分别下降 …``), else the metric words
   before it (``事故起数和死亡人数同比分别下降 …``), and the bases after it
   (``… decrease from 5,486 in 2022``);
3. a value with a base and a direction but no percentage (``由0.413降到0.312``,
   ``down from 3.7 in 2022``) is a change claim whose direction is checked;
4. ``其中`` / ``of which`` after a total with two or more parts of the same
   unit is a part-whole sum; shares, levels and zero statements are claims of
   their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ..errors import SafetyStatsError
from ..periods import parse_period

__all__ = ["Num", "Mention", "Context", "assemble"]


@dataclass(frozen=True)
class Num:
    """A number as written in the sentence."""

    value: Decimal
    decimals: int
    approximate: bool = False
    unit: str | None = None
    text: str = ""


@dataclass
class Mention:
    """Something found in a sentence (positions are offsets in the sentence)."""

    kind: str  # value | base | change | share | level | zero | of_which
    start: int
    end: int
    num: Num | None = None
    metric: str | None = None
    direction: str | None = None
    pct: bool = False
    pct_unit: str | None = None
    bare: bool = False
    period: str | None = None
    comparator: str | None = None  # yoy | prev | mom | an explicit period label
    to: bool = False
    whole: Num | None = None
    etc: bool = False
    base: Mention | None = None
    rounding: str | None = None
    region: str | None = None
    used: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What the language module tells the assembler about one sentence."""

    gap_ok: Callable[[str], bool]  # may a value and the change after it be this far apart?
    sep_only: Callable[[str], bool]  # are two changes joined only by separators?
    metrics_before: Callable[[str, int], list[str] | None]  # metric words of a value-less group
    period: str | None = None  # the sentence's period when a claim has none of its own
    region: str | None = None
    carry_values: list[Mention] = field(default_factory=list)  # "This represents a fall of 38 …"
    #: whether a figure that is no mention lies between two positions (then a base cannot reach back over it)
    blocked: Callable[[int, int], bool] = field(default=lambda lo, hi: False)


_SEVERITY = re.compile(r"较大|重大|特别重大|重特大|特大")
_GENERAL = re.compile(r"一般")


def _derive_base_period(period: str | None, comparator: str | None) -> str | None:
    if comparator is None or period is None:
        return comparator if comparator not in (None, "yoy", "prev", "mom") else None
    if comparator not in ("yoy", "prev", "mom"):
        return comparator
    try:
        p = parse_period(period)
    except (SafetyStatsError, ValueError):  # a period we cannot shift is simply left out
        return None
    if comparator == "mom":
        return p.shift(-1).label
    if comparator == "yoy" or p.kind in ("month", "quarter", "ytd"):
        return replace(p, year=p.year - 1).label
    return p.shift(-1).label


def _units(group: list[Mention]) -> list[list[Mention]]:
    """Pair the absolute changes and percentages of a group into one claim each."""
    absolute = [m for m in group if not m.pct]
    pcts = [m for m in group if m.pct]
    if not absolute or not pcts:
        return [[m] for m in group]
    kinds = "".join("p" if m.pct else "a" for m in group)
    n = len(group) // 2
    if len(absolute) == len(pcts):
        if kinds == "a" * n + "p" * n:
            return [[absolute[i], pcts[i]] for i in range(n)]
        if kinds in ("ap" * n, "pa" * n):
            return [[group[2 * i], group[2 * i + 1]] for i in range(n)]
    return [[m] for m in group]


def assemble(sentence: str, mentions: list[Mention], ctx: Context) -> list[dict[str, Any]]:
    """Turn the mentions of one sentence into claim records (see the module docstring)."""
    ms = sorted(mentions, key=lambda m: (m.start, m.end))
    claims: list[dict[str, Any]] = []

    # --- 1. change groups -------------------------------------------------
    groups: list[list[Mention]] = []
    last_change: Mention | None = None
    for m in ms:
        if m.kind != "change":
            if m.kind in ("value", "share", "level", "zero", "of_which"):
                last_change = None
            continue
        joinable = (
            last_change is not None
            and ctx.sep_only(sentence[last_change.end:m.start])
            and not any(o.kind == "base" and last_change.end <= o.start < m.start for o in ms)
        )
        if m.bare and not joinable:
            # a bare number that continues nothing: a level (%) or a plain value
            m.kind = "level" if m.pct else "value"
            m.bare = False
            last_change = None
            continue
        if joinable and groups:
            groups[-1].append(m)
        else:
            groups.append([m])
        last_change = m
    for group in groups:
        for prev, cur in zip(group, group[1:], strict=False):
            if cur.direction is None:
                cur.direction = prev.direction
            if cur.comparator is None:
                cur.comparator = prev.comparator
        first_dir = next((m.direction for m in group if m.direction), None)
        for m in group:
            if m.direction is None:
                m.direction = first_dir

    values = [m for m in ms if m.kind == "value"]
    bases = [m for m in ms if m.kind == "base"]

    # --- 2. bases written before a "to" value: 由 X 降到 Y / from X to Y -----
    for b in bases:
        nxt = next((v for v in values if v.start >= b.end), None)
        if nxt is not None and nxt.to and len(sentence[b.end:nxt.start].strip()) <= 12 and not any(
            o.kind in ("value", "change") and b.end <= o.start < nxt.start for o in ms
        ):
            nxt.base = b
            b.used = True
            if not nxt.metric:
                nxt.metric = b.metric

    # --- 3. groups take their values and bases -------------------------------
    group_bounds = [(g[0].start, g[-1].end) for g in groups]
    for gi, group in enumerate(groups):
        units = _units(group)
        k = len(units)
        lo = group_bounds[gi - 1][1] if gi else 0
        hi = group[0].start
        nxt_start = group_bounds[gi + 1][0] if gi + 1 < len(groups) else len(sentence)
        # a level right before a change is its value: 合格率为92.5%，比上年提高1.5个百分点
        cands = [v for v in ms if v.kind in ("value", "level") and v.start >= lo and v.end <= hi]
        chosen: list[Mention | None]
        if cands and len(cands) >= k and ctx.gap_ok(sentence[cands[-1].end:hi]):
            chosen = list(cands[-k:])
        elif not cands and k == 1:
            after = [v for v in values if v.start >= group[-1].end and v.end <= nxt_start]
            if after and ctx.gap_ok(sentence[group[-1].end:after[0].start]):
                chosen = [after[0]]
            elif ctx.carry_values:
                chosen = [ctx.carry_values[-1]]
            else:
                chosen = [None]
        else:
            chosen = [None] * k
        metrics = None
        if any(c is None for c in chosen):
            start_metric = max([lo, *[v.end for v in cands]]) if cands else lo
            metrics = ctx.metrics_before(sentence[start_metric:hi], k)
        after_bases = [b for b in bases if not b.used and group[-1].end <= b.start < nxt_start
                       and not any(v.start < b.start and v.start >= group[-1].end for v in values if not v.to)]
        for i, unit in enumerate(units):
            v = chosen[i]
            pct = next((m for m in unit if m.pct), None)
            ab = next((m for m in unit if not m.pct), None)
            base: Mention | None = None
            if len(after_bases) >= k:
                base = after_bases[i]
            elif k == 1 and after_bases:
                base = after_bases[0]
            elif v is not None and v.base is not None:
                base = v.base
            if base is not None:
                base.used = True
            if v is not None:
                v.used = True
            metric = v.metric if v is not None and v.metric else (metrics[i] if metrics else None)
            if not metric and ab is not None:
                metric = ab.metric
            direction = (pct or ab).direction  # type: ignore[union-attr]
            comparator = next((m.comparator for m in unit if m.comparator), None)
            period = (v.period if v is not None and v.period else None) or next(
                (m.period for m in unit if m.period), None) or ctx.period
            base_period = (base.period if base is not None and base.period else None) or _derive_base_period(
                period, comparator or "yoy"
            )
            if base is not None and base.extra.get("average"):
                base_period = None
            spans = [m for m in unit] + ([v] if v is not None else []) + ([base] if base is not None else [])
            claims.append(_record(
                "change", sentence, spans, metric=metric, value=v.num if v is not None else None,
                base=base.num if base is not None else None, pct=pct, absolute=ab, direction=direction,
                unit=(v.num.unit if v is not None and v.num else None) or (ab.num.unit if ab and ab.num else None),
                period=period, base_period=base_period, region=_region(v, ctx),
                rounding=(pct.rounding if pct is not None else None),
            ))

    # --- 4. remaining bases: attach to the value before them (down from …) --
    for b in bases:
        if b.used:
            continue
        prev = [v for v in values if v.end <= b.start and ctx.gap_ok(sentence[v.end:b.start])
                and not ctx.blocked(v.end, b.start)
                and not any(o.kind in ("change", "value") and v.end <= o.start < b.start for o in ms)]
        if prev and prev[-1].base is None:
            prev[-1].base = b
            b.used = True
    for v in values:
        if v.used or v.base is None:
            continue
        direction = v.base.direction or v.direction
        if direction is None:
            continue
        period = v.period or ctx.period
        base_period = v.base.period or _derive_base_period(period, v.base.comparator or v.comparator)
        claims.append(_record(
            "change", sentence, [v, v.base], metric=v.metric, value=v.num, base=v.base.num, pct=None, absolute=None,
            direction=direction, unit=v.num.unit if v.num else None, period=period, base_period=base_period,
            region=_region(v, ctx),
        ))
        v.used = True

    # --- 5. of which / 其中: part-whole sums ---------------------------------
    for w in (m for m in ms if m.kind == "of_which"):
        before = [v for v in values if v.end <= w.start and not v.to]
        if not before or not ctx.sep_only(sentence[before[-1].end:w.start]):
            continue
        total = before[-1]
        if len(before) >= 2:
            prev_v = before[-2]
            link = sentence[prev_v.end:total.extra.get("metric_start", total.start)].strip()
            if link in ("、", "，", ",", "和", "及", "and") and prev_v.num and total.num \
                    and prev_v.num.unit != total.num.unit:
                continue  # 事故 71 起、死亡 50 人，其中 …: parts of two totals, ambiguous
        later = [o for o in ms if o.start >= w.end and o.kind == "of_which"]
        stop = later[0].start if later else len(sentence)
        parts = [v for v in values if w.end <= v.start < stop and not v.to]
        if total.num is None or len(parts) < 2:
            continue
        unit = total.num.unit
        if any(p.num is None or (unit is not None and p.num.unit != unit) for p in parts):
            continue
        if any(p.etc for p in parts):
            continue  # 其中 A、B 等: not every part is named
        words = " ".join(p.metric or "" for p in parts)
        if _SEVERITY.search(words) and not _GENERAL.search(words):
            continue  # 较大、重大 … without 一般: the smaller accidents are not listed
        parts_text = "+".join(_plain(p.num.value) for p in parts if p.num)
        claims.append(_record(
            "sum", sentence, [total, *parts], metric=total.metric, value=total.num, base=None, pct=None,
            absolute=None, direction=None, unit=unit, period=total.period or ctx.period, base_period=None,
            region=_region(total, ctx), parts=parts_text,
            parts_approximate=any(p.num.approximate for p in parts if p.num),
        ))

    # --- 6. shares, levels, zero statements ---------------------------------
    for m in ms:
        if m.kind == "share":
            part = m.extra.get("part")
            whole = m.whole
            part_m: Mention | None = None
            if part is None:
                prev = [v for v in values if v.end <= m.start and ctx.gap_ok(sentence[v.end:m.start])]
                if prev:
                    part_m = prev[-1]
                    part = part_m.num
            if whole is None:
                whole = _whole_from_of_which(ms, values, m, sentence, ctx)
            spans = [m] + ([part_m] if part_m is not None else [])
            claims.append(_record(
                "share", sentence, spans, metric=m.metric or (part_m.metric if part_m else None), value=part,
                base=whole, pct=m, absolute=None, direction=None, unit=part.unit if part else None,
                period=(part_m.period if part_m else None) or m.period or ctx.period, base_period=None,
                region=ctx.region,
            ))
        elif m.kind == "level" and not m.used:
            claims.append(_record(
                "level", sentence, [m], metric=m.metric, value=m.num, base=None, pct=m, absolute=None,
                direction=None, unit="%" if m.pct_unit == "percent" else m.pct_unit, period=m.period or ctx.period,
                base_period=None, region=ctx.region,
            ))
        elif m.kind == "zero":
            claims.append(_record(
                "level", sentence, [m], metric=m.metric, value=Num(Decimal(0), 0, text="零"), base=None, pct=None,
                absolute=None, direction=None, unit=None, period=m.period or ctx.period, base_period=None,
                region=ctx.region,
            ))
    claims.sort(key=lambda c: (c["_start"], c["_end"]))
    return claims


def _whole_from_of_which(ms: list[Mention], values: list[Mention], m: Mention, sentence: str,
                         ctx: Context) -> Num | None:
    marks = [w for w in ms if w.kind == "of_which" and w.end <= m.start]
    if not marks:
        return None
    w = marks[-1]
    before = [v for v in values if v.end <= w.start]
    if before and ctx.sep_only(sentence[before[-1].end:w.start]):
        return before[-1].num
    return None


def _region(v: Mention | None, ctx: Context) -> str | None:
    if v is not None and v.region:
        return v.region
    return ctx.region


def _plain(d: Decimal) -> str:
    text = format(d, "f")
    return text


def _record(kind: str, sentence: str, spans: list[Mention], *, metric: str | None, value: Num | None,
            base: Num | None, pct: Mention | None, absolute: Mention | None, direction: str | None,
            unit: str | None, period: str | None, base_period: str | None, region: str | None,
            parts: str | None = None, parts_approximate: bool | None = None,
            rounding: str | None = None) -> dict[str, Any]:
    start = min(m.start for m in spans)
    end = max(m.end for m in spans)
    pnum = pct.num if pct is not None else None
    anum = absolute.num if absolute is not None else None
    return {
        "kind": kind,
        "metric": metric or None,
        "period": period,
        "base_period": base_period,
        "region": region,
        "value": float(value.value) if value is not None else None,
        "value_decimals": value.decimals if value is not None else None,
        "value_approximate": value.approximate if value is not None else None,
        "base_value": float(base.value) if base is not None else None,
        "base_decimals": base.decimals if base is not None else None,
        "reported_pct": float(pnum.value) if pnum is not None else None,
        "pct_decimals": pnum.decimals if pnum is not None else None,
        "pct_unit": (pct.pct_unit or "percent") if pct is not None else None,
        "direction": direction if kind == "change" else None,
        "abs_change": float(anum.value) if anum is not None else None,
        "abs_change_decimals": anum.decimals if anum is not None else None,
        "parts": parts,
        "parts_approximate": parts_approximate,
        "unit": unit,
        "rounding": rounding,
        "_start": start,
        "_end": end,
    }
