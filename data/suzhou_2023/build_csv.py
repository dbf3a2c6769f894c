"""Build the Suzhou 2023 CSV files from report.txt (run: python build_csv.py).

Every figure is located in the report by a fragment of its sentence; the whole
sentence (PDF line breaks joined) goes into ``source_text`` and the line number
of the fragment into ``line``. Re-running gives the same files byte for byte.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).parent
REPORT = (HERE / "report.txt").read_text(encoding="utf-8")
REGION, PERIOD = "苏州市", "2023"


def sentence(fragment: str) -> tuple[str, int]:
    i = REPORT.index(fragment)
    stops = "。；"
    start = max(REPORT.rfind(c, 0, i) for c in stops) + 1
    # a paragraph heading like "（七）推动事前预防转型治理。" is its own sentence; good enough
    ends = [j for j in (REPORT.find(c, i) for c in stops) if j >= 0]
    end = min(ends) + 1
    text = "".join(REPORT[start:end].split("\n")).strip()
    line = REPORT.count("\n", 0, i) + 1
    return text, line


def write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


# accidents -----------------------------------------------------------------
s, _ = sentence("全年共发生生产安全事故 71 起")
write("accidents.csv", ["region", "period", "accidents", "deaths", "source_text"], [[REGION, PERIOD, 71, 50, s]])

# training ------------------------------------------------------------------
s, _ = sentence("完成三项岗位人员考试 124036 人")
write(
    "training.csv",
    ["region", "period", "category", "category_en", "examined", "source_text"],
    [
        [REGION, PERIOD, "特种作业人员", "special operations workers", 110523, s],
        [REGION, PERIOD, "主要负责人和安管人员", "principal managers and safety officers", 13513, s],
    ],
)

# standardization -----------------------------------------------------------
s, _ = sentence("2023年推动创建一级标准化15家")
s2, _ = sentence("抽取200家企业开展运行质量审计")
write(
    "standardization.csv",
    ["region", "period", "level", "certified", "audited", "source_text"],
    [
        [REGION, PERIOD, 1, 15, "", s],
        [REGION, PERIOD, 2, 458, "", s],
        [REGION, PERIOD, 3, 1407, "", s],
        [REGION, PERIOD, "", "", 200, s2],
    ],
)

# indicators: every other figure of the report -------------------------------
# (indicator key, 中文标签, English label, value as written, unit, fragment)
FIGURES = [
    ("laws_compiled", "汇编法律", "laws compiled", "7", "部", "等7部法律"),
    ("regulations_compiled", "汇编法规", "regulations compiled", "16", "部", "16部法规"),
    ("rules_compiled", "汇编规章", "ministerial rules compiled", "9", "部", "9部规章"),
    ("local_regulations_compiled", "汇编地方法规", "local regulations compiled", "16", "部", "16部地方法规"),
    ("normative_documents_issued", "制定规范性文件", "normative documents issued", "1", "件", "制定1件规范性文件"),
    ("administrative_lawsuits", "行政诉讼案件", "administrative lawsuits", "1", "起", "今年1起起行政诉讼案件"),
    ("court_appearance_rate", "行政机关负责人出庭应诉率", "court appearance rate of agency heads", "100", "%",
     "出庭应诉率100%"),
    ("administrative_powers_listed", "梳理部门行政权力", "administrative powers listed", "285", "项",
     "共梳理部门行政权力共285项"),
    ("business_environment_cases", "报送总结、典型案例", "summaries and typical cases submitted", "9", "项",
     "典型案例 9 项"),
    ("credit_repairs", "完成企业信用修复", "enterprise credit repairs completed", "7", "家", "企业信用修复 7 家"),
    ("untrustworthy_enterprises_published", "公示安全生产失信企业", "untrustworthy enterprises published", "11",
     "家", "公示安全生产失信企业 11 家"),
    ("enterprise_credit_screened", "协助排查企业信用状况", "enterprises' credit screened", "3805", "家",
     "排查 3805 家企业信用状况"),
    ("untrustworthy_enterprises_exposed", "媒体曝光失信企业", "untrustworthy enterprises exposed in media", "11",
     "家", "媒体曝光 11 家失信企业"),
    ("chemical_units_retrofitted", "危化品企业老旧装置改造", "old hazardous-chemical units retrofitted", "10", "套",
     "老旧装置完成改造 10 套"),
    ("process_automation_retrofits", "完成全流程自动化控制改造企业", "enterprises with full process automation", "33",
     "家", "推动 33 家涉及放热反应"),
    ("gas_leak_alarm_coverage", "燃气泄漏安全保护装置应装尽装", "gas leak protection installed where required",
     "100", "%", "100%应装尽装"),
    ("shelters_total", "避难场所", "emergency shelters", "78", "个", "全市共建成避难场所78个"),
    ("shelters_central", "中心避难场所", "central shelters", "12", "个", "中心避难场所12个"),
    ("shelters_fixed", "固定避难场所", "fixed shelters", "66", "个", "固定避难场所66个"),
    ("fire_rescue_teams_national", "国家消防救援队伍", "national fire and rescue teams", "29", "支",
     "国家消防救援队伍29支"),
    ("fire_brigades_government", "政府专职消防队", "government full-time fire brigades", "95", "支",
     "政府专职消防队95支"),
    ("forest_fire_teams", "森林消防队", "forest fire teams", "19", "支", "19支森林消防队"),
    ("other_rescue_team_types", "其他应急队伍类别", "other kinds of rescue teams", "21", "类", "等21类队伍"),
    ("rescue_personnel", "应急救援队伍人员", "rescue personnel", "1.07万余", "人", "共1.07万余人"),
    ("relief_depots", "救灾物资储备库、点", "relief supply depots", "11", "个", "建有 11 个救灾物资储备库"),
    ("relief_depot_area", "储备库总面积", "depot floor area", "6800", "平方米", "总面积达 6800 平方米"),
    ("relief_items_physical", "实物储备救灾应急物资装备", "relief items held in stock", "7万余", "件",
     "物资装备 7 万余件"),
    ("relief_items_contracted", "协议储备生活类救灾物资", "relief items under supply agreements", "8.9万", "件",
     "协议储备生活类救灾物资 8.9 万件"),
    ("exam_takers_total", "三项岗位人员考试", "people examined (three job categories)", "124036", "人",
     "完成三项岗位人员考试 124036 人"),
    ("chemical_firms_training_spaces", "规上危化品企业建设安全培训空间", "chemical firms building training spaces",
     "394", "家", "指导全市 394 家规上危化品企业"),
    ("news_reports", "刊发新闻稿件和宣传报道", "news reports published", "5173", "篇", "宣传报道 5173 篇"),
    ("social_media_reports", "微信公众号、视频号宣传报道", "social-media reports", "508", "篇", "宣传报道 508 篇"),
    ("briefing_issues", "《苏州应急管理简报》", "briefing issues", "21", "期", "简报》21 期"),
]


def as_written(text: str) -> tuple[str, int, bool]:
    approx = "余" in text or "万" in text
    core = text.replace("余", "")
    mult = 10_000 if core.endswith("万") else 1
    core = core.rstrip("万")
    decimals = len(core.split(".")[1]) if "." in core else 0
    from decimal import Decimal

    value = Decimal(core) * mult
    return (str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value)), decimals, approx


rows = []
for key, zh, en, written, unit, fragment in FIGURES:
    s, line = sentence(fragment)
    value, decimals, approx = as_written(written)
    rows.append([REGION, PERIOD, key, zh, en, value, written, unit, decimals, str(approx).lower(), line, s])
write(
    "indicators.csv",
    ["region", "period", "indicator", "label_zh", "label_en", "value", "value_as_written", "unit", "decimals",
     "approximate", "line", "source_text"],
    rows,
)

# claims: the checkable statements of the report ------------------------------
CLAIM_HEADER = [
    "claim_id", "kind", "metric", "metric_key", "region", "period", "base_period", "value", "value_decimals",
    "value_approximate", "base_value", "reported_pct", "pct_decimals", "pct_unit", "direction", "parts",
    "parts_approximate", "unit", "line", "source_text",
]
claims = []
s, line = sentence("全年共发生生产安全事故 71 起")
claims.append(["sz2023-accidents", "change", "生产安全事故", "accidents", REGION, PERIOD, "2022", 71, 0, "false",
               "", 11.3, 1, "percent", "decrease", "", "", "起", line, s])
claims.append(["sz2023-deaths", "change", "死亡", "deaths", REGION, PERIOD, "2022", 50, 0, "false",
               "", 10.7, 1, "percent", "decrease", "", "", "人", line, s])
s, line = sentence("完成三项岗位人员考试 124036 人")
claims.append(["sz2023-exams", "sum", "三项岗位人员考试", "examined", REGION, PERIOD, "", 124036, 0, "false",
               "", "", "", "", "", "110523+13513", "false", "人", line, s])
s, line = sentence("全市共建成避难场所78个")
claims.append(["sz2023-shelters", "sum", "避难场所", "shelters", REGION, PERIOD, "", 78, 0, "false",
               "", "", "", "", "", "12+66", "false", "个", line, s])
s, line = sentence("出庭应诉率100%")
claims.append(["sz2023-court-appearance", "level", "行政机关负责人出庭应诉率", "", REGION, PERIOD, "", 100, 0,
               "false", "", 100, 0, "percent", "", "", "", "%", line, s])
s, line = sentence("100%应装尽装")
claims.append(["sz2023-gas-alarms", "level", "燃气泄漏安全保护装置应装尽装", "", REGION, PERIOD, "", 100, 0,
               "false", "", 100, 0, "percent", "", "", "", "%", line, s])
s, line = sentence("三是保持行政复议诉讼案件“零败诉”")
claims.append(["sz2023-zero-losses", "level", "行政复议诉讼案件败诉", "", REGION, PERIOD, "", 0, 0, "false",
               "", "", "", "", "", "", "", "起", line, s])
write("claims.csv", CLAIM_HEADER, claims)
print("wrote accidents, training, standardization, indicators, claims")
