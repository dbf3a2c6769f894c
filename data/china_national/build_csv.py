"""Build ``indicators.csv`` for the China national data set (run: python build_csv.py).

Every row is one figure as one publication printed it: the value exactly as
written (``value_as_written``), the reported change as written, the publisher,
the publication (``vintage``), the page it was read from (``source_url``, as
stored) and, where the page was re-read while building the data set, the
sentence (``source_text``).  Nothing is interpolated; rows whose value was
computed from a stated absolute change are marked ``confidence = derived``.
Re-running gives the same file byte for byte.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).parent
REGION = "全国"

UNITS = {
    "deaths": "人",
    "deaths_and_missing": "人",
    "accidents": "起",
    "deaths_per_100m_yuan_gdp": "人/亿元GDP",
    "deaths_per_100k_workers_industry_mining_commerce": "人/10万人",
    "coal_deaths_per_million_tonnes": "人/百万吨",
    "road_deaths_per_10k_vehicles": "人/万车",
}

COLUMNS = [
    "region", "period", "indicator", "value", "value_as_written", "unit", "decimals", "approximate",
    "reported_change_pct", "reported_change_decimals", "reported_change_abs", "change_basis", "scope",
    "vintage", "publisher", "publisher_type", "published", "confidence", "source_url", "source_text", "note",
]

# -- publications (vintages) ------------------------------------------------------------------
# key: (vintage, publisher, publisher_type, published, confidence, source_url)
P = {
    "upi2004": ("UPI report 2004 (secondary)", "UPI (issuing body not named)", "news_secondary", "2004",
                "seen_secondary", "https://hrreporter.com/news/hr-news/41000-workplace-deaths-in-four-months/283834"),
    "saws2005a": ("SAWS 2005-01-04 (中新网)", "SAWS 国家安全生产监督管理局", "regulator", "2005-01-04", "seen",
                  "http://m.fraudsandswindlers.com/news/2005/2005-01-04/26/524265.shtml"),
    "saws2005b": ("SAWS 2005-01 (China Daily)", "SAWS (via China Daily)", "regulator", "2005-01", "seen",
                  "http://english.china.org.cn/english/government/118205.htm"),
    "coal2003": ("page of 2009-06-19", "not named (cited in a 2009-06-19 page)", "news_secondary", "2009-06-19",
                 "seen", "https://delfinoverde.com/gnyw/2009-06/19/content_164469.htm"),
    "saws2006": ("SAWS 2006-01 (Xinhua English)", "SAWS (via Xinhua)", "regulator", "2006-01-05", "seen",
                 "http://en.people.cn/200601/05/print20060105_233073.html"),
    "nbs2005": ("NBS communiqué 2005 (compilation)", "NBS 国家统计局 (communiqué compilation)", "statistics_bureau",
                "2006-02", "seen", "https://360docs.net/doc/0524558171.html"),
    "nbs2006": ("NBS communiqué 2006 (compilation)", "NBS 国家统计局 (communiqué compilation)", "statistics_bureau",
                "2007-02", "seen", "https://360docs.net/doc/0524558171.html"),
    "nbs2007": ("NBS communiqué 2007 (compilation)", "NBS 国家统计局 (communiqué compilation)", "statistics_bureau",
                "2008-02", "seen", "https://360docs.net/doc/0524558171.html"),
    "saws2007a": ("SAWS 2007-01-10 (Xinhua via 文汇报)", "SAWS 国家安全生产监督管理总局", "regulator", "2007-01-10",
                  "seen", "http://news.wenweipo.com/2007/01/10/IN0701100076.htm"),
    "saws2007b": ("SAWS 2007-01-11 (中新网)", "SAWS 国家安全生产监督管理总局", "regulator", "2007-01-11", "seen",
                  "https://business.sohu.com/20070111/n247558000.shtml"),
    "saws2008": ("SAWS work conference 2008-01-12", "SAWS (李毅中, 全国安全生产工作会议)", "regulator", "2008-01-12",
                 "seen", "http://m.temnyfa.cn/info/detail/40-1167.html"),
    "saws2009": ("SAWS (骆琳), page of 2009-05-20", "SAWS (骆琳)", "regulator", "2009-05-20", "seen",
                 "http://zhongtushe.com/html/zhongtuxiaoxi/xingyexinwen/huagongxinwen/2009/0520/152042.html"),
    "saws2010q3": ("SAWS 2010-10-13", "SAWS (骆琳, national video conference)", "regulator", "2010-10-13", "seen",
                   "http://big5.www.gov.cn/gate/big5/www.gov.cn/jrzg/2010-10/13/content_1722281.htm ; "
                   "http://en.chinagate.cn/development/society/2010-10/14/content_21122629.htm"),
    "saws2011": ("SAWS 2011-01 year-end", "SAWS (website; 新华社 on gov.cn 2011-01-13)", "regulator", "2011-01-13",
                 "seen", "http://223.71.251.202:8848/en/CIS_RelatedInformation.aspx?linkid=59 ; "
                 "http://big5.www.gov.cn/gate/big5/www.gov.cn/jrzg/2011-01/13/content_1784232.htm"),
    "sacms2011": ("SACMS 2011-09-20 speech", "SACMS 国家煤矿安全监察局 (彭建勋)", "regulator", "2011-09-20", "seen",
                  "http://www.oplice.com/News/InfoCon.aspx?id=7224"),
    "saws2012": ("SAWS work conference 2012-01-14", "SAWS (骆琳, 全国安全生产工作会议; 调度统计)", "regulator",
                 "2012-01-14", "seen", "https://m.johnnytowncar.com/gn/2012/01-14/3604983.shtml"),
    "saws2012q3": ("SAWS quarterly video conference 2012-10-23", "SAWS / 国家煤矿安监局 (via 新华社)", "regulator",
                   "2012-10-23", "seen", "http://www.china-zsyz.com/index.php?c=show&id=641 ; "
                   "http://zgqw.org/a/qinwenzhongguo/2012/1024/55359.html"),
    "saws2013": ("SAWS 2013-01-18 (Xinhua)", "SAWS (杨栋梁, via Xinhua)", "regulator", "2013-01-18", "seen",
                 "http://usa.chinadaily.com.cn/business/2013-01/18/content_16142524.htm"),
    "govcn2014": ("gov.cn copy 2014-01-04 (estimate)", "not named (gov.cn copy; stated as an estimate, 预计)",
                  "regulator", "2014-01-04", "seen", "http://nakedoat.com/jrzg/2014-01/04/content_2559816.htm"),
    "saws2014": ("SAWS work conference 2014-01-17", "SAWS (杨栋梁, 全国安全生产工作会议, via china5e)", "regulator",
                 "2014-01-17", "seen", "https://china5e.com/news/news-858713-1.html"),
    "saws2014scio": ("SAWS SCIO press conference 2014", "SAWS (黄毅, 国新办发布会)", "regulator", "2014", "seen",
                     "http://image.chinagb.org/Article/ShowArticle.asp?ArticleID=283335"),
    "saws2014npc": ("SAWS report to NPCSC 2014-12-23", "SAWS (杨栋梁, report to the NPC Standing Committee)",
                    "regulator", "2014-12-23", "seen", "http://www.hfzxmc.com/news/guonei/2014-12-23/260623.html ; "
                    "https://en.yibada.com/articles/8805/20141224/safety-director-reports-decline-in-workplace-accidents.htm"),
    "saws2016": ("SAWS work conference 2016-01-15", "SAWS (全国安全生产工作会议, via 央广网 copy)", "regulator",
                 "2016-01-15", "seen", "http://m.brrs.cn/c/2016-01-15/672979.shtml"),
    "saws2016x": ("SAWS data, Xinhua 2016-08-21", "SAWS (via Xinhua)", "regulator", "2016-08-21", "seen",
                  "http://en.people.cn/n3/2016/0821/c90882-9103233.html ; https://en.imsilkroad.com/p/57708.html"),
    "saws2016q1": ("SAWS Q1 2016 analysis meeting", "SAWS (quarterly analysis meeting, via 湖南安全与防灾)",
                   "regulator", "2016-08-11", "seen", "http://m.fx361.com/news/2016/0811/18693658.html"),
    "saws2017": ("SAWS work conference 2017", "SAWS (全国安全生产工作会议 2017, copy)", "regulator", "2017-02",
                 "seen", "http://meili43.com/yule/2017/0213/73243.html"),
    "chinacaj": ("Q&A page (chinacaj)", "not named (Q&A page of a coal-industry knowledge service)",
                 "news_secondary", "2017", "seen", "https://ask.chinacaj.net/question/392"),
    "saws2018": ("SAWS work conference 2018-01-29", "SAWS (王玉普, 全国安全生产工作会议)", "regulator", "2018-01-29",
                 "seen", "http://english.www.gov.cn/state_council/ministries/2018/01/30/content_281476030501758.htm ; "
                 "http://www.scmp.com/news/china/society/article/2131147/deaths-workplace-accidents-china-fall-12pc-2017-38000 ; "
                 "中国电石网 2018-01-30 (no URL stored)"),
    "mem_yexp": ("MEM vice-minister statement", "MEM 应急管理部 (vice-minister)", "regulator", "2019", "seen",
                 "https://www.yexp.com.cn/a/7688.html"),
    "mem2019sd": ("MEM 2019-09-18 (Shanghai Daily)", "MEM 应急管理部 (via Shanghai Daily)", "regulator",
                  "2019-09-19", "seen", "https://archive.shine.cn/nation/Work-safety-improving/shdaily.shtml"),
    "mem2020": ("MEM year-end 2020-01-05", "MEM 应急管理部 (via 央视网)", "regulator", "2020-01-05", "seen",
                "https://kunming.cn/news/c/2020-01-06/12795143.shtml"),
    "zhiyan2021": ("NBS data via 智研咨询 2021-05", "NBS 国家统计局 (counts); 智研咨询 (changes computed)",
                   "statistics_bureau", "2021-05", "seen", "http://m.yhcgw.cn/industry/202105/951688.html"),
    "mem2021": ("MEM year-end 2021-01", "MEM 应急管理部", "regulator", "2021-01", "seen",
                "https://jxxfw.com/periodical/647b95af97d3913074683f37187c2516.html"),
    "nmsa2022": ("国家矿山安监局 2022-03-14 (央视)", "国家矿山安全监察局 (张昕, via 央视新闻)", "regulator", "2022-03-14",
                 "seen", "http://www.liu2xue2007.cn/p/363105.html"),
    "mem2022": ("MEM work conference 2022-01-05", "MEM 应急管理部 (全国应急管理工作会议; spun copy)", "regulator",
                "2022-01-05", "seen_secondary", "https://boleren.cn/shenghuo/227952.html"),
    "mem2023": ("MEM work conference 2023-01", "MEM 应急管理部 (全国应急管理工作会议, via 人民日报 2023-01-08)",
                "regulator", "2023-01-08", "seen", "https://m.szdushi.com.cn/news/1673230189176405.shtml ; "
                "http://en.people.cn/n3/2023/0106/c90000-10192723.html"),
    "nbs2023": ("NBS communiqué 2023", "NBS 国家统计局 (2023 communiqué, quoted in a journal page)",
                "statistics_bureau", "2024-02-29", "seen", "http://m.zgkjsz.com/page/2024/0518/23885407.shtml"),
    "mem2025pc": ("MEM press conference 2025-01-15", "MEM 应急管理部 (申展利, via 中新网)", "regulator", "2025-01-15",
                  "seen", "http://yp57.com/haibian/fpyA.html ; "
                  "http://chaxun.monadaapp.com/news/show-87036.html ; http://en.people.cn/n3/2025/0116/c90000-20266742.html"),
    "mem2025wc": ("MEM work conference 2025-01-08", "MEM 应急管理部 (全国应急管理工作会议, via 中新社)", "regulator",
                  "2025-01-08", "seen", "http://guibinke.net/post/iFuy_12049.html"),
    "mem2025q3": ("MEM press conference 2025-10-16", "MEM 应急管理部 (via 齐鲁晚报 2025-10-17)", "regulator",
                  "2025-10-16", "seen", "https://epaper.qlwb.com.cn/qlwb/content/20251017/ArticelA15008SA.htm"),
}

DERIVED = "derived"


def row(period, indicator, written, pub, *, pct=None, abs_=None, text="", note="", basis=None,
        approximate=None, derived_from=None):
    """One figure.  ``written`` is the value as printed ('' when only a change was printed)."""
    vintage, publisher, ptype, published, confidence, url = P[pub]
    if derived_from is not None:
        vintage = f"derived from {vintage}"
        publisher = f"derived: {derived_from}"
        ptype, confidence = DERIVED, DERIVED
    value = ""
    decimals = ""
    approx = ""
    if written:
        mantissa = written.replace(" ", "").replace(",", "")
        wan = mantissa.endswith("万")
        mantissa = mantissa.rstrip("万")
        d = Decimal(mantissa) * (10000 if wan else 1)
        value = format(d.normalize(), "f") if wan else mantissa
        decimals = str(len(mantissa.split(".")[1]) if "." in mantissa else 0)
        approx = "true" if (wan or approximate) else "false"
    pct_dec = ""
    if pct is not None:
        pct_dec = str(len(pct.split(".")[1]) if "." in pct else 0)
    year = int(period[:4])
    if basis is None and (pct is not None or abs_ is not None):
        basis = "same period of previous year" if len(period) > 4 else "previous year"
    return {
        "region": REGION, "period": period, "indicator": indicator, "value": value,
        "value_as_written": written, "unit": UNITS[indicator], "decimals": decimals, "approximate": approx,
        "reported_change_pct": pct or "", "reported_change_decimals": pct_dec,
        "reported_change_abs": abs_ or "", "change_basis": basis or "",
        "scope": "pre-2016" if year < 2016 else "2016+",
        "vintage": vintage, "publisher": publisher, "publisher_type": ptype, "published": published,
        "confidence": confidence, "source_url": url, "source_text": text, "note": note,
    }


G, W, C, R = ("deaths_per_100m_yuan_gdp", "deaths_per_100k_workers_industry_mining_commerce",
              "coal_deaths_per_million_tonnes", "road_deaths_per_10k_vehicles")
COMPARABLE = "previous year, comparable scope (按照可比口径)"

t_upi = ("Last year in China there were 963,976 work-related accidents resulting in 136,340 fatalities — a decrease "
         "of 112,963 accidents and 2,591 fatalities compared to 2002.")
t_zxw2004 = ("安監局:中國去年共有136092人死于各類傷亡事故 / 2004年全國各類傷亡事故同比減少151004起、318人,分別下降15.7%、0.2%。")
t_cd2004 = ("There were 803,571 reported accidents of various kinds last year, causing the deaths of 136,755 people, a "
            "decrease of 155,545 cases or 16.22 percent and a reduction of 315 fatalities or 0.23 percent, as compared "
            "with the previous year, according to the administration.")
t_nbs2005 = ("全年生产安全事故死亡 12.7万人,比上年下降 7.1%。亿元 GDP 生产安全事故死亡人数为 0.70人, 下降 18.5%; "
             "工矿商贸企业从业人员生产安全事故 10万人死亡人数为 3.85人, 下降 6.8%; 煤矿百万吨死亡人数为 2.81人,下降 8.7%。")
t_nbs2005r = "道路交通万车死亡人数为 7.60人,下降 23.7%。"
t_nbs2006 = ("全年生产安全事故死亡 112822人, 比上年下降 11.2%。亿元 GDP 生产安全事故死亡人数为 0.56人, 下降 20.4%; "
             "工矿商贸企业就业人员生产安全事故 10万人死亡人数为 3.33人,下降 13.5%;煤矿百万吨死亡人数为 2.04人, 下降 27.4%。")
t_nbs2006r = "道路交通万车死亡人数为 6.20人,下降 18.4%。"
t_nbs2007 = ("全年生产安全事故死亡 101480人,比上年下降 10.1%。亿元国内生产总值生产安全事故死亡人数为 0.413人,下降 26.3%;"
             "工矿商贸企业就业人员 10万人生产安全事故死亡人数为 3.05人, 下降 8.4%; 煤矿百万吨死亡人数为 1.485人,下降 27.2%。")
t_nbs2007r = "道路交通万车死亡人数为 5.1人,减少 1.1人。"
t_wwp = ("國家安全生產監督管理總局10日發佈的數據顯示,2006年全國各類事故死亡112822人,同比下降11.2%,但事故總量仍然偏大,"
         "形勢依然嚴峻。")
t_wwp_r = ("2006年,中國億元GDP事故死亡率為0.558,同比下降20.3%;工礦商貿企業十萬從業人員事故死亡率為3.33,下降13.5%;"
           "道路交通萬車死亡率為6.2,下降18.4%;煤礦百萬噸死亡率為2.041,下降27.4%。")
t_sohu2006 = ("2006年,全国共发生各类安全生产事故627158起,死亡112822人,同比减少90780起、14267人,分别下降12.6%和11.2%。")
t_2008li = "2007年我國發生的各類事故總量和死亡人數比2006年分別下降19.3%和10.1%"
t_luo2009 = "安全监管总局局长骆琳16日说,2008年共发生各类事故413752起,死亡91172人,与2007年相比,分别下降18.3%和10.2%。"
t_luo2009r = "与上年相比,2008年亿元GDP事故死亡率由0.413降到0.312;煤矿百万吨死亡率由1.485降到1.182。"
t_ilo2010 = ("In 2010, 363383 accidents happened across the country and 79552 people were killed, reducing 15865 and "
             "3648, down by 4.2% and 4.4%.")
t_ilo2010g = "Billion GDP mortality rate of safe production dropped from 0.248 to 0.201, down by 19%."
t_gate2010 = ("According to SAWS, China's work safety death ratio per 100 million yuan (US$14.9 million) of gross "
              "domestic product (GDP) was down 18.6 percent year on year to 0.21 during the January-September period.")
t_gate2010c = "In addition, the death ratio per million tonne of coal output dropped 13.3 percent to 0.78 in the same period."
t_peng = "煤炭百萬噸死亡率由2.81降低到0.749,下降73%。"
t_2011 = ("2011年全国发生各类事故347728起,死亡75572人 ... 据安监总局调度统计:2011年全国发生各类事故及死亡人数同比分别"
          "下降减少15655起、3980人,4.3%和5%。")
t_2011r = ("其中亿元GDP生产安全事故死亡率由0.201降到0.173 ,降幅13.9%;道路交通万车死亡率由3.2降到2.8,降幅12.5%;"
           "煤矿百万吨死亡率由0.749降到0.564,降幅24.7%。")
t_2012 = ("Deaths resulting from workplace accidents dropped 4.7 percent year on year in 2012, while the number of "
          "workplace accidents shrank 3.1 percent, said Yang Dongliang, head of the State Administration of Work Safety.")
t_2012q3 = "前三季度全国发生各类事故210797起,死亡45409人,同比分别下降21.3%和15.3%。"
t_2012q3c = "此外,前三季度煤矿百万吨死亡率为0.385,同比下降27%。"
t_2013wc = ("全国安全生产形势稳定好转,各类事故起数和死亡人数同比分别下降8.2%和3.5% ... 全国亿元GDP事故死亡率下降12.7%、"
            "工矿商贸十万就业人员事故死亡率下降7.3%、道路交通万车死亡率下降8%、煤矿百万吨死亡率下降23%。")
t_2013scio = "煤矿百万吨死亡率降到0.293,同比下降21.7%。"
t_2013npc = "楊棟梁說,目前事故總量仍然較大,去年全國發生事故30.9萬起、死亡6.9萬人,今年1至11月事故總量26.9萬起、死亡5.7萬人。"
t_2014npc_en = ("a 4.7-percent reduction in the number of workplace accidents, with a total of 269,000; a 6.1-percent "
                "reduction of the death toll to 57,000 fatal incidents")
t_2015wc = "全年發生各類生產安全事故、死亡人數同比分別下降7.9%和2.8%。"
t_2015x = ("In 2015, there were 281,576 workplace accidents in China, resulting in 66,182 deaths, compared with 363,383 "
           "accidents and 79,552 deaths in 2010, SAWS data showed.")
t_2016q1 = ("据统计,一季度全国共发生生产安全事故10276起、死亡和下落不明5414人,按照可比口径与去年同期(下同)比较,"
            "分别下降14.1%和16.8%。")
t_caj = "在我国煤矿高速增加的同时,煤矿百万吨死亡率由2006年的2.04降低到2016年的0.157。"
t_2017 = ("About 53,000 work-related accidents occurred in the country last year, a decline of 16.2 percent from 2016. "
          "Those accidents killed 38,000 people, down 12.1 percent, Wang Yupu, minister of the State Administration of "
          "Work Safety, said on Jan 29. / 2017年共发生各类生产安全事故5.3万起、死亡3.8万人,同比下降16.2%和12.1%")
t_2018sd = ("The number of accidents has declined for 16 consecutive years with related fatalities down to 34,000 in "
            "2018, from about 140,000 in 2002.")
t_2019 = "2019年,全国安全生产形势总体保持稳定态势,事故起数和死亡人数分别下降18.3%和17.1%"
t_2020z = "2020年全年各類生產安全事故共死亡27412人,比上年減少2107人,同比下降7.14%。"
t_2020zw = "2020年工礦商貿企業就業人員10萬人生產安全事故死亡人數為1.301人,比上年減少0.173人,同比下降11.74%。"
t_2020zr = "2020年全國道路交通事故萬車死亡人數為1.66人,比上年減少0.14人,同比下降7.78%。"
t_2020zc = "2020年全國煤礦百萬噸死亡人數為0.059人,比上年減少0.024人,同比下降28.92%。"
t_2020m = "应急管理部提供的数据显示,2020年全国生产安全事故起数和死亡人数同比分别下降15.5%和8.3%"
t_2021c = "煤礦百萬噸死亡率降至0.044,同比下降24%。"
t_2021m = "其中,华夏生产安全事故起数和死亡人数同比分别下降11.0%、5.9%"
t_2022m = "全国生产安全事故、较大事故、重特大事故起数和死亡人数实现“三个双下降”,事故总量和死亡人数同比分别下降27.0%、23.6%。"
t_2023 = ("全年各類生產安全事故共死亡21 242 人,比上年下降4.7%。工礦商貿企業就業人員10 萬人生產安全事故死亡人數1.244 人,"
          "比上年上升4.2%;煤礦百萬噸死亡人數0.094 人,上升23.7%。道路交通事故萬車死亡人數1.38 人,下降5.5%。")
t_2024pc = "全年共发生各类生产安全事故2.18万起、死亡1.96万人,同比分别下降11%、7.6%。"
t_2024wc = "2024年,中国生产安全事故起数和死亡人数同比分别下降11.2%、7.7%,死亡人数为历史新低。"
t_2025q3 = "前三季度,全国共发生各类生产安全事故13442起、死亡12804人,同比分别下降20.8%、16.2%。"

N_STARTING = "sentence not re-read while building; figure as recorded in the starting material"
N_ZHIYAN = ("the count is the NBS figure; the two-decimal change and the absolute change are 智研咨询's computation "
            "from NBS data, not a percentage printed by NBS")
N_TRAD = "sentence as stored (traditional characters; inserted pinyin annotations removed)"

ROWS = [
    # 2003 (before the data set's range; kept as the base of the 2004 changes)
    row("2003", "deaths", "136,340", "upi2004", abs_="-2591", text=t_upi),
    row("2003", "accidents", "963,976", "upi2004", abs_="-112963", text=t_upi),
    row("2003", "deaths", "136410", "saws2005a", derived_from="136092 + 318 (2004 deaths and their stated decrease)"),
    row("2003", C, "4.94", "coal2003", note=N_STARTING),
    # 2004
    row("2004", "deaths", "136092", "saws2005a", pct="-0.2", abs_="-318", text=t_zxw2004,
        note="the headline of the page gives 136092; the sentence gives the changes; " + N_TRAD),
    row("2004", "accidents", "", "saws2005a", pct="-15.7", abs_="-151004", text=t_zxw2004, note=N_TRAD),
    row("2004", "deaths", "136,755", "saws2005b", pct="-0.23", abs_="-315", text=t_cd2004),
    row("2004", "accidents", "803,571", "saws2005b", pct="-16.22", abs_="-155545", text=t_cd2004),
    # 2005
    row("2005", "deaths", "126760", "saws2006", pct="-7.3", note=N_STARTING),
    row("2005", "accidents", "728000", "saws2006", pct="-9.4", approximate=True,
        note=N_STARTING + "; Xinhua's rounded figure"),
    row("2005", "deaths", "12.7万", "nbs2005", pct="-7.1", text=t_nbs2005),
    row("2005", G, "0.70", "nbs2005", pct="-18.5", text=t_nbs2005),
    row("2005", W, "3.85", "nbs2005", pct="-6.8", text=t_nbs2005,
        note="worded 工矿商贸企业从业人员 (employees) in this year"),
    row("2005", C, "2.81", "nbs2005", pct="-8.7", text=t_nbs2005),
    row("2005", R, "7.60", "nbs2005", pct="-23.7", text=t_nbs2005r),
    row("2005", C, "2.81", "sacms2011", text=t_peng, note="base value quoted in a 2011 speech"),
    row("2005", "deaths", "127089", "saws2007b", derived_from="112822 + 14267 (2006 deaths and their stated decrease)"),
    row("2005", "accidents", "717938", "saws2007b",
        derived_from="627158 + 90780 (2006 accidents and their stated decrease)"),
    # 2006
    row("2006", "deaths", "112822", "nbs2006", pct="-11.2", text=t_nbs2006),
    row("2006", G, "0.56", "nbs2006", pct="-20.4", text=t_nbs2006),
    row("2006", W, "3.33", "nbs2006", pct="-13.5", text=t_nbs2006),
    row("2006", C, "2.04", "nbs2006", pct="-27.4", text=t_nbs2006),
    row("2006", R, "6.20", "nbs2006", pct="-18.4", text=t_nbs2006r),
    row("2006", "deaths", "112822", "saws2007a", pct="-11.2", text=t_wwp),
    row("2006", G, "0.558", "saws2007a", pct="-20.3", text=t_wwp_r),
    row("2006", W, "3.33", "saws2007a", pct="-13.5", text=t_wwp_r),
    row("2006", R, "6.2", "saws2007a", pct="-18.4", text=t_wwp_r),
    row("2006", C, "2.041", "saws2007a", pct="-27.4", text=t_wwp_r),
    row("2006", "deaths", "112822", "saws2007b", pct="-11.2", abs_="-14267", text=t_sohu2006),
    row("2006", "accidents", "627158", "saws2007b", pct="-12.6", abs_="-90780", text=t_sohu2006),
    # 2007
    row("2007", "deaths", "101480", "nbs2007", pct="-10.1", text=t_nbs2007),
    row("2007", G, "0.413", "nbs2007", pct="-26.3", text=t_nbs2007),
    row("2007", W, "3.05", "nbs2007", pct="-8.4", text=t_nbs2007),
    row("2007", C, "1.485", "nbs2007", pct="-27.2", text=t_nbs2007),
    row("2007", R, "5.1", "nbs2007", abs_="-1.1", text=t_nbs2007r),
    row("2007", "deaths", "", "saws2008", pct="-10.1", text=t_2008li, note=N_TRAD),
    row("2007", "accidents", "", "saws2008", pct="-19.3", text=t_2008li, note=N_TRAD),
    # 2008
    row("2008", "deaths", "91172", "saws2009", pct="-10.2", text=t_luo2009),
    row("2008", "accidents", "413752", "saws2009", pct="-18.3", text=t_luo2009),
    row("2008", G, "0.312", "saws2009", text=t_luo2009r),
    row("2008", C, "1.182", "saws2009", text=t_luo2009r),
    # 2009 (base values quoted in the 2010 year-end report)
    row("2009", "deaths", "83200", "saws2011", derived_from="79552 + 3648 (2010 deaths and their stated decrease)"),
    row("2009", "accidents", "379248", "saws2011",
        derived_from="363383 + 15865 (2010 accidents and their stated decrease)"),
    row("2009", G, "0.248", "saws2011", text=t_ilo2010g, note="base value quoted in the 2010 report"),
    row("2009", W, "2.4", "saws2011", note="base value quoted in the 2010 report; " + N_STARTING),
    row("2009", C, "0.892", "saws2011", note="base value quoted in the 2010 report; " + N_STARTING),
    row("2009", R, "3.6", "saws2011", note="base value quoted in the 2010 report; " + N_STARTING),
    # 2010
    row("2010", "deaths", "79552", "saws2011", pct="-4.4", abs_="-3648", text=t_ilo2010),
    row("2010", "accidents", "363383", "saws2011", pct="-4.2", abs_="-15865", text=t_ilo2010),
    row("2010", G, "0.201", "saws2011", pct="-19", text=t_ilo2010g),
    row("2010", W, "2.13", "saws2011", note=N_STARTING),
    row("2010", C, "0.749", "saws2011", note=N_STARTING),
    row("2010", R, "3.2", "saws2011", note=N_STARTING),
    row("2010", C, "0.749", "sacms2011", text=t_peng),
    row("2010-01..09", G, "0.21", "saws2010q3", pct="-18.6", text=t_gate2010),
    row("2010-01..09", W, "1.65", "saws2010q3", pct="-12.2", note=N_STARTING),
    row("2010-01..09", C, "0.78", "saws2010q3", pct="-13.3", text=t_gate2010c),
    row("2010-01..09", R, "2.20", "saws2010q3", pct="-18.5", note=N_STARTING),
    # 2011
    row("2011", "deaths", "75572", "saws2012", pct="-5", abs_="-3980", text=t_2011),
    row("2011", "accidents", "347728", "saws2012", pct="-4.3", abs_="-15655", text=t_2011),
    row("2011", G, "0.173", "saws2012", pct="-13.9", text=t_2011r),
    row("2011", R, "2.8", "saws2012", pct="-12.5", text=t_2011r),
    row("2011", C, "0.564", "saws2012", pct="-24.7", text=t_2011r),
    # 2012
    row("2012", "deaths", "", "saws2013", pct="-4.7", text=t_2012),
    row("2012", "accidents", "", "saws2013", pct="-3.1", text=t_2012),
    row("2012-01..09", "deaths", "45409", "saws2012q3", pct="-15.3", text=t_2012q3),
    row("2012-01..09", "accidents", "210797", "saws2012q3", pct="-21.3", text=t_2012q3),
    row("2012-01..09", C, "0.385", "saws2012q3", pct="-27", text=t_2012q3c),
    # 2013
    row("2013", "deaths", "", "saws2014", pct="-3.5", text=t_2013wc),
    row("2013", "accidents", "", "saws2014", pct="-8.2", text=t_2013wc),
    row("2013", G, "", "saws2014", pct="-12.7", text=t_2013wc),
    row("2013", W, "", "saws2014", pct="-7.3", text=t_2013wc),
    row("2013", R, "", "saws2014", pct="-8", text=t_2013wc),
    row("2013", C, "", "saws2014", pct="-23", text=t_2013wc),
    row("2013", C, "0.293", "govcn2014", pct="-21.7", note="stated as an estimate (预计); " + N_STARTING),
    row("2013", C, "0.293", "saws2014scio", pct="-21.7", text=t_2013scio),
    row("2013", "deaths", "6.9万", "saws2014npc", text=t_2013npc, note=N_TRAD),
    row("2013", "accidents", "30.9万", "saws2014npc", text=t_2013npc, note=N_TRAD),
    # 2014 (January-November only)
    row("2014-01..11", "deaths", "5.7万", "saws2014npc", pct="-6.1", text=t_2013npc + " / " + t_2014npc_en,
        note=N_TRAD + "; the changes are from the English report of the same statement"),
    row("2014-01..11", "accidents", "26.9万", "saws2014npc", pct="-4.7", text=t_2013npc + " / " + t_2014npc_en,
        note=N_TRAD + "; the changes are from the English report of the same statement"),
    # 2015
    row("2015", "deaths", "", "saws2016", pct="-2.8", text=t_2015wc),
    row("2015", "accidents", "", "saws2016", pct="-7.9", text=t_2015wc),
    row("2015", "deaths", "66,182", "saws2016x", text=t_2015x),
    row("2015", "accidents", "281,576", "saws2016x", text=t_2015x),
    # 2016: new statistical scope
    row("2016Q1", "deaths_and_missing", "5414", "saws2016q1", pct="-16.8", text=t_2016q1,
        basis="same period of previous year, comparable scope (按照可比口径)",
        note="first quarter under the new scope; counts dead and missing (死亡和下落不明)"),
    row("2016Q1", "accidents", "10276", "saws2016q1", pct="-14.1", text=t_2016q1,
        basis="same period of previous year, comparable scope (按照可比口径)"),
    row("2016", "deaths", "4.1万", "saws2017", pct="-4.1", basis=COMPARABLE, note=N_STARTING),
    row("2016", "accidents", "6万", "saws2017", pct="-5.8", basis=COMPARABLE, note=N_STARTING),
    row("2016", C, "0.156", "saws2017", pct="-3.7", note="国家煤监局 figure in the work-conference report; " + N_STARTING),
    row("2016", C, "0.157", "chinacaj", text=t_caj),
    # 2017
    row("2017", "deaths", "3.8万", "saws2018", pct="-12.1", text=t_2017),
    row("2017", "accidents", "5.3万", "saws2018", pct="-16.2", text=t_2017),
    # 2018
    row("2018", "deaths", "3.4万", "mem_yexp", note=N_STARTING),
    row("2018", "deaths", "34,000", "mem2019sd", approximate=True, text=t_2018sd),
    # 2019
    row("2019", "deaths", "", "mem2020", pct="-17.1", text=t_2019),
    row("2019", "accidents", "", "mem2020", pct="-18.3", text=t_2019),
    row("2019", "deaths", "29519", "zhiyan2021", derived_from="27412 + 2107 (2020 deaths and their stated decrease)"),
    row("2019", W, "1.474", "zhiyan2021", derived_from="1.301 + 0.173"),
    row("2019", C, "0.083", "zhiyan2021", derived_from="0.059 + 0.024"),
    row("2019", R, "1.80", "zhiyan2021", derived_from="1.66 + 0.14"),
    # 2020
    row("2020", "deaths", "27412", "zhiyan2021", pct="-7.14", abs_="-2107", text=t_2020z, note=N_ZHIYAN),
    row("2020", W, "1.301", "zhiyan2021", pct="-11.74", abs_="-0.173", text=t_2020zw, note=N_ZHIYAN),
    row("2020", C, "0.059", "zhiyan2021", pct="-28.92", abs_="-0.024", text=t_2020zc, note=N_ZHIYAN),
    row("2020", R, "1.66", "zhiyan2021", pct="-7.78", abs_="-0.14", text=t_2020zr, note=N_ZHIYAN),
    row("2020", "deaths", "", "mem2021", pct="-8.3", text=t_2020m),
    row("2020", "accidents", "", "mem2021", pct="-15.5", text=t_2020m),
    # 2021
    row("2021", C, "0.044", "nmsa2022", pct="-24", text=t_2021c, note=N_TRAD),
    row("2021", "deaths", "", "mem2022", pct="-5.9", text=t_2021m,
        note="copy rewritten by a synonym spinner (全国 -> 华夏); the figures read as the original"),
    row("2021", "accidents", "", "mem2022", pct="-11.0", text=t_2021m,
        note="copy rewritten by a synonym spinner (全国 -> 华夏); the figures read as the original"),
    # 2022
    row("2022", "deaths", "", "mem2023", pct="-23.6", text=t_2022m),
    row("2022", "accidents", "", "mem2023", pct="-27.0", text=t_2022m),
    # 2023
    row("2023", "deaths", "21 242", "nbs2023", pct="-4.7", text=t_2023, note=N_TRAD),
    row("2023", W, "1.244", "nbs2023", pct="+4.2", text=t_2023, note=N_TRAD),
    row("2023", C, "0.094", "nbs2023", pct="+23.7", text=t_2023, note=N_TRAD),
    row("2023", R, "1.38", "nbs2023", pct="-5.5", text=t_2023, note=N_TRAD),
    # 2024
    row("2024", "deaths", "1.96万", "mem2025pc", pct="-7.6", text=t_2024pc),
    row("2024", "accidents", "2.18万", "mem2025pc", pct="-11", text=t_2024pc),
    row("2024", "deaths", "", "mem2025wc", pct="-7.7", text=t_2024wc),
    row("2024", "accidents", "", "mem2025wc", pct="-11.2", text=t_2024wc),
    # 2025, first three quarters
    row("2025-01..09", "deaths", "12804", "mem2025q3", pct="-16.2", text=t_2025q3),
    row("2025-01..09", "accidents", "13442", "mem2025q3", pct="-20.8", text=t_2025q3),
]


def main() -> None:
    with open(HERE / "indicators.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(ROWS)


if __name__ == "__main__":
    main()
