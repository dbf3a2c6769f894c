"""Build ``indicators.csv`` for the Great Britain HSE data set (run: python build_csv.py).

Workers killed in work-related accidents (RIDDOR) per April-March year, and the
rate per 100,000 workers: one row per figure per statement, provisional or
finalised, with the comparison HSE made (previous year or five-year average),
the page it was read from and the sentence.  Re-running gives the same file.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).parent
REGION = "Great Britain"
COUNT, RATE = "workers_killed", "fatal_injury_rate"
COLUMNS = [
    "region", "period", "indicator", "value", "value_as_written", "unit", "decimals", "approximate", "status",
    "reported_change_pct", "reported_change_decimals", "reported_change_abs", "compared_with",
    "compared_with_value", "vintage", "publisher", "publisher_type", "published", "confidence", "source_url",
    "source_text", "note",
]
UNIT = {COUNT: "workers", RATE: "per 100,000 workers"}

# vintage -> (publisher, publisher_type, published, confidence, url)
P = {
    "HSC statistics 2004/05 (2005)": ("Health and Safety Commission / HSE", "statistics_bureau", "2005", "seen",
                                      "https://docplayer.net/amp/21158142-Health-and-safety-statistics-2004-05.html"),
    "HSE 2007 (2006/07 provisional)": ("HSE (via AI Solutions blog)", "statistics_bureau", "2007", "seen",
                                       "https://www.aisolutions.co.uk/Blog/2007/10/hse-looks-to-industry"),
    "HSE 2009 (2008/09 provisional)": ("HSE (via REHIS)", "statistics_bureau", "2009", "seen",
                                       "https://rehis.com/news/hse-fatal-injury-statistics-2008-09/"),
    "HSE 2010-06 (2009/10 provisional)": ("HSE (via IRSST blog)", "statistics_bureau", "2010-06", "seen",
                                          "http://blogues.irsst.qc.ca/blogs/statistiques/archive/2010/07.aspx"),
    "HSE 2011-06 (2010/11 provisional)": ("HSE (via Lexology; Mind)", "statistics_bureau", "2011-06-28", "seen",
                                          "https://www.lexology.com/library/detail.aspx?g=861af1ab-3338-4133-91a2-"
                                          "6d3a8a589bfd ; https://www.mind.eu.com/rh/en/article/"
                                          "great-britain-more-deaths-at-work"),
    "HSE 2012 (2011/12 provisional)": ("HSE (via Lexology)", "statistics_bureau", "2012", "seen",
                                       "https://www.lexology.com/library/detail.aspx?g=1babea42-9cfb-410a-98ef-"
                                       "30da15fdd5f0"),
    "HSE 2013 (2012/13 provisional)": ("HSE (via Lexology)", "statistics_bureau", "2013", "seen",
                                       "https://www.lexology.com/library/detail.aspx?g=2df3f061-5ebc-4ef2-939a-"
                                       "40d6dc8af43d"),
    "fatalaccidentclaims 2013-10 (secondary)": ("fatalaccidentclaims.org.uk", "news_secondary", "2013-10-06",
                                                "seen_secondary", "https://fatalaccidentclaims.org.uk/"
                                                "fatal-accident-deaths/"),
    "HSE 2014 (2013/14 provisional)": ("HSE (via a consultancy page)", "statistics_bureau", "2014", "seen",
                                       "https://alanwoolvettconsultancy.co.uk/fatality-figures-in-decline/"),
    "Compliance Group 2014-10 (secondary)": ("Compliance Group", "news_secondary", "2014-10", "seen_secondary",
                                             "http://www.compliancegroup.co.uk/2014/10/"
                                             "latest-hse-fatal-injury-statistics/"),
    "HSE 2015 (2014/15 provisional)": ("HSE (document copy)", "statistics_bureau", "2015", "seen",
                                       "https://ar.scribd.com/document/342705818/Fatal-Injuries"),
    "HSE 2016 (2015/16 provisional)": ("HSE (document copy)", "statistics_bureau", "2016", "seen",
                                       "https://studylib.net/doc/18272635/statistics-on-fatal-injuries-in-the-"
                                       "workplace-in-great-br..."),
    "HSE 2017 (2016/17 provisional)": ("HSE (via Lawford)", "statistics_bureau", "2017", "seen",
                                       "https://lawfordclaims.com/Blog/Accident-at-work/"
                                       "latest-workplace-fatality-figures.html?format=amp"),
    "HSE 2018-07 (2017/18 provisional)": ("HSE (via Aegis; HCS Safety)", "statistics_bureau", "2018-07", "seen",
                                          "https://www.aegis-services-ltd.co.uk/news/hse-annual-fatalities-data/ ; "
                                          "https://www.hcssafety.co.uk/blog/hse-releases-annual-work-related-"
                                          "fatality-figures/"),
    "HSE 2019-07-03 (2018/19 provisional)": ("HSE (via South West Farmer)", "statistics_bureau", "2019-07-03",
                                             "seen", "https://www.southwestfarmer.co.uk/news/17746649.hse-shows-"
                                             "agriculture-18-times-risk-fatal-injury-sectors/"),
    "HSE 2020-07 (2019/20 provisional)": ("HSE (via Kentra Training; Your Data and Safety Pro)",
                                          "statistics_bureau", "2020-07", "seen",
                                          "https://kentratraining.co.uk/workplace-fatality-figures/ ; "
                                          "https://yourdataandsafetypro.co.uk/hse-workplace-fatal-injuries/"),
    "HSE 2021-07 (2020/21 provisional)": ("HSE (via PBC Today)", "statistics_bureau", "2021-07", "seen",
                                          "https://pbctoday.co.uk/news/health-safety-news/"
                                          "fatal-injuries-in-construction/96029"),
    "HSE 2021-12 (rates revised)": ("HSE (via STN)", "statistics_bureau", "2021-12", "seen",
                                    "https://stn-online.com/post/workplace-fatal-injuries-in-great-britain-"
                                    "2021-updated"),
    "HSE 2022-07-06 (2021/22 provisional)": ("HSE (document copy)", "statistics_bureau", "2022-07-06", "seen",
                                             "https://scribd.com/document/582114172/"
                                             "Workplace-Fatal-Injuries-1657306260"),
    "HSE 2023-07-06 (2022/23 provisional)": ("HSE (via BALI; EC Safety Solutions; OK Alone)", "statistics_bureau",
                                             "2023-07-06", "seen",
                                             "https://www.bali.org.uk/news/hse-work-related-fatal-injury-statistics/ ; "
                                             "https://ecsafetysolutions.com/news/hse-fatality-figures-show-year-on-"
                                             "year-increase-construction-again-most-vulnerable ; "
                                             "https://www.okaloneworker.com/work-related-fatal-injuries-in-great-"
                                             "britain-2023/"),
    "HSE 2024-07-03 (2023/24 provisional)": ("HSE (via DAC Beachcroft)", "statistics_bureau", "2024-07-03", "seen",
                                             "https://dacbeachcroft.com/en/what-we-think/hse-statistics-work-related-"
                                             "fatal-injuries-in-great-britain-2024"),
    "HSE 2024-07 table (via WorkNest)": ("HSE (finalised figures as tabled by WorkNest)", "news_secondary",
                                         "2024-07-05", "seen_secondary",
                                         "https://worknest.com/blog/workplace-fatalities-6-key-takeaways-from-the-"
                                         "hses-2023-24-statistics"),
    "HSE 2025-07-02 (2024/25 provisional)": ("HSE (via Vantify; Craven Consultancy)", "statistics_bureau",
                                             "2025-07-02", "seen",
                                             "https://vantify.com/latest-annual-work-related-fatalities-published ; "
                                             "https://cravenconsultancyservices.co.uk/?p=25013"),
}


def row(period, indicator, written, vintage, status, *, pct=None, abs_=None, vs="", vs_value="", text="", note="",
        url=None, published=None):
    publisher, ptype, pub, confidence, src = P[vintage]
    return {
        "region": REGION, "period": period, "indicator": indicator, "value": written,
        "value_as_written": written, "unit": UNIT[indicator],
        "decimals": len(written.split(".")[1]) if "." in written else 0, "approximate": "false", "status": status,
        "reported_change_pct": pct or "",
        "reported_change_decimals": (len(pct.split(".")[1]) if "." in pct else 0) if pct else "",
        "reported_change_abs": abs_ or "", "compared_with": vs, "compared_with_value": vs_value,
        "vintage": vintage, "publisher": publisher, "publisher_type": ptype, "published": published or pub,
        "confidence": confidence, "source_url": url or src, "source_text": text, "note": note,
    }


P5, PY = "five-year average", "previous year"
t0405 = "Key facts for 2004/05 are: Fatal injuries 220 workers were killed, a rate of 0.7 per 100 000 workers."
t0607 = ("Provisional figures from the HSE report that 241 workers were fatally injured in 2006/07, corresponding to a "
         "rate of 0.80 fatal injuries per 100 000 workers. The final figures for 2005/06 were 217 and 0.72 "
         "respectively, the lowest on record.")
t0809 = ("The provisional figure for the number of workers fatally injured in 2008/09 is 180, and corresponds to a rate "
         "of fatal injury of 0.6 per 100000 workers.")
t0910 = ("The provisional figure for the number of workers fatally injured in 2009/10 is 151, and corresponds to a "
         "rate of 0.5 fatalities per 100 000 workers. ... The figure of 151 for the latest year is 31% lower than the "
         "average for the past five years (220).")
t1011 = ("The fatal injuries statistics for the year 2010/2011 have been published by the HSE with the overall "
         "provisional figure for fatalities at 171. This corresponded to a rate of injury of 0.6 per 100,000 workers. "
         "... is 17% lower than the average over the previous five years. / With 171 workers killed this year, the rate "
         "of fatal injury is now 0.6 per 100,000 workers, up from 0.5 per 100,000 workers the previous year. ... 147 "
         "deaths was an all time low record")
t1112 = ("The statistics indicate that two fewer workers – 173 – were fatally injured at work compared to the year "
         "ending to March 2011. The rate of deaths per 100,000 remained unchanged at 0.6. ... when compared to the "
         "average number of fatal injuries over the last five year period (196), the 2011/2012 figure represents a "
         "drop of 12%.")
t1213 = ("The provisional figure for the number of workers fatally injured is 148, which corresponds with a rate of 0.5 "
         "deaths to every 100,000 workers. The figure is 18% lower than the average of 181 deaths over the past five "
         "years.")
t1213s = ("In the years 2012 to 2013 there were 148 deaths at work which is the lowest figure for 5 year according to "
          "the HSE which represents 0.6 deaths per 100,000 workers.")
t1314 = ("The provisional figure for the number of workers fatally injured in 2013/14 is 133, and corresponds to a rate "
         "of fatal injury of 0.44 deaths per 100,000 workers. The figure of 133 worker deaths in 2013/14 is 19% lower "
         "than the average for the past five years (164). ... The finalised figure for 2012/13 is 150 worker "
         "fatalities, and corresponds to a rate of 0.51 deaths per 100,000 workers.")
t1314c = ("The stats show that 133 workers were fatally injured at work during the course of the 12 months up to March "
          "2014. This figure is down from 150 fatalities in 2012/13 and 177 fatalities in 2011/12.")
t1415 = ("The provisional figure for the number of workers fatally injured in 2014/15 is 142, and corresponds to a rate "
         "of fatal injury of 0.46 deaths per 100,000 workers. The figure of 142 worker deaths in 2014/15 is 9% lower "
         "than the average for the past five years (156). ... The finalised figure for 2013/14 is 136 worker "
         "fatalities, and corresponds to a rate of 0.45 deaths per 100,000 workers.")
t1516 = ("The provisional figure for the number of workers fatally injured in 2015/16 is 144, and corresponds to a rate "
         "of fatal injury of 0.46 deaths per 100,000 workers. The figure of 144 worker deaths in 2015/16 is 7% lower "
         "than the average for the past five years (155). ... The finalised figure for 2014/15 is 142 worker "
         "fatalities, and corresponds to a rate of 0.46 deaths per 100,000 workers.")
t1617 = ("The provisional annual data revealed that 137 workers were fatally injured between April 2016 and March 2017 "
         "(a rate of 0.43 per 100,000 workers), the second lowest year on record.")
t1718 = ("The provisional annual data for work-related fatal injuries revealed that 144 workers were fatally injured "
         "between April 2017 and March 2018 (a rate of 0.45 per 100,000 workers). This is an increase of nine deaths "
         "from the 2016/17 figures. / The latest stats show that 144 people were killed at work during the 2017/18 "
         "period- an increase of nearly 10 from last year's 135.")
t1819 = ("The provisional annual data for work-related fatal injuries revealed that 147 workers were fatally injured "
         "between April 2018 and March 2019 (a rate of 0.45 per 100,000 workers). ... Although 2018/19 saw an increase "
         "of 6 workplace fatalities from 2017/18, the number has remained broadly level in recent years.")
t1920 = ("The provisional annual data for work-related fatal accidents revealed that 111 workers were fatally injured "
         "at work between April 2019 and March 2020 (a rate of 0.34 deaths per 100,000 workers), the lowest year on "
         "record.  This represents a fall of 38 deaths from the previous year / the workers death toll was 149 in the "
         "previous period")
t2021 = ("The total number of fatal injuries was 142 in Great Britain in 2020/21, an increase of 29 from the previous "
         "year, though the number of deaths in 2019/20 (113) was low compared to other recent years.")
t2021r = ("the rate of fatal injury for all workers in 2020/21changed from 0.43 to 0.44. ... In 2020/21, 142 workers "
          "were killed in work accidents.")
t2122 = "123 workers killed in work-related accidents in 2021/22."
t2223 = ("135 workers were killed in work-related incidents in Great Britain during the last year, giving a fatal injury "
         "rate of 0.41 deaths per 100,000 workers. / The total of 135 worker deaths in 2022/23 is higher than the "
         "previous year (123) but in line with pre-pandemic levels when the figure for 2020/21 was 145. / 135 workers "
         "were killed in work-related accidents in the UK, an increase of 12 from 2021/22 / This number compares with 227 "
         "twenty years ago (2002/03) and 495 in 1981")
t2324 = ("138 workers were killed in work-related incidents in 2023/24, an increase of two (1.5%) on the previous "
         "year ... fewer than the year 2018/19, where there were 149 worker fatalities.")
t_wn = ("a total of 138 workers lost their lives as a result of work-related accidents between April 2023 and March "
        "2024, an increase of two deaths from last year (136). ... Year | Number of fatal injuries | 2013/14 | 136 | "
        "2014/15 | 142 | 2015/16 | 147 | 2016/17 | 135 | 2017/18 | 141 | 2018/19 | 149 | 2019/20 | 113 | 2020/21 | 145 | "
        "2021/22 | 123 | 2022/23 | 136 |")
t2425 = ("Latest annual figures show 124 workers were killed in work-related incidents in Great Britain. A decrease of "
         "fourteen from the previous 12-month period. ... compares to 223 twenty years ago (2004/05) and 495 in 1981 / "
         "In 2024/25, a total of 124 workers lost their lives due to workplace injuries, a decrease from 138 in the "
         "previous year.")
N_START = "sentence not re-read while building; figure as recorded in the starting material"

ROWS = [
    row("2002/03", COUNT, "227", "HSE 2023-07-06 (2022/23 provisional)", "finalised", text=t2223,
        note="'compares with 227 twenty years ago (2002/03)'"),
    row("2004/05", COUNT, "220", "HSC statistics 2004/05 (2005)", "provisional", text=t0405),
    row("2004/05", RATE, "0.7", "HSC statistics 2004/05 (2005)", "provisional", text=t0405),
    row("2004/05", COUNT, "223", "HSE 2025-07-02 (2024/25 provisional)", "finalised", text=t2425),
    row("2005/06", COUNT, "217", "HSE 2007 (2006/07 provisional)", "finalised", text=t0607),
    row("2005/06", RATE, "0.72", "HSE 2007 (2006/07 provisional)", "finalised", text=t0607),
    row("2006/07", COUNT, "241", "HSE 2007 (2006/07 provisional)", "provisional", text=t0607),
    row("2006/07", RATE, "0.80", "HSE 2007 (2006/07 provisional)", "provisional", text=t0607),
    row("2008/09", COUNT, "180", "HSE 2009 (2008/09 provisional)", "provisional", text=t0809),
    row("2008/09", RATE, "0.6", "HSE 2009 (2008/09 provisional)", "provisional", text=t0809),
    row("2009/10", COUNT, "151", "HSE 2010-06 (2009/10 provisional)", "provisional", pct="-31", vs=P5,
        vs_value="220", text=t0910),
    row("2009/10", RATE, "0.5", "HSE 2010-06 (2009/10 provisional)", "provisional", text=t0910),
    row("2009/10", COUNT, "147", "HSE 2011-06 (2010/11 provisional)", "finalised", text=t1011,
        note="finalised figure as quoted in the report on the 2010/11 statistics"),
    row("2009/10", RATE, "0.5", "HSE 2011-06 (2010/11 provisional)", "finalised", text=t1011),
    row("2010/11", COUNT, "171", "HSE 2011-06 (2010/11 provisional)", "provisional", pct="-17", vs=P5, text=t1011,
        note="the five-year average is not quoted"),
    row("2010/11", RATE, "0.6", "HSE 2011-06 (2010/11 provisional)", "provisional", text=t1011),
    row("2011/12", COUNT, "173", "HSE 2012 (2011/12 provisional)", "provisional", pct="-12", vs=P5, vs_value="196",
        text=t1112, note="'two fewer workers' than 2010/11, i.e. a finalised 2010/11 of 175 (not stored: derived)"),
    row("2011/12", RATE, "0.6", "HSE 2012 (2011/12 provisional)", "provisional", text=t1112),
    row("2011/12", COUNT, "177", "Compliance Group 2014-10 (secondary)", "finalised", text=t1314c),
    row("2012/13", COUNT, "148", "HSE 2013 (2012/13 provisional)", "provisional", pct="-18", vs=P5, vs_value="181",
        text=t1213),
    row("2012/13", RATE, "0.5", "HSE 2013 (2012/13 provisional)", "provisional", text=t1213),
    row("2012/13", COUNT, "148", "fatalaccidentclaims 2013-10 (secondary)", "provisional", text=t1213s),
    row("2012/13", RATE, "0.6", "fatalaccidentclaims 2013-10 (secondary)", "provisional", text=t1213s,
        note="secondary page; HSE's own statement gives 0.5"),
    row("2012/13", COUNT, "150", "HSE 2014 (2013/14 provisional)", "finalised", text=t1314),
    row("2012/13", RATE, "0.51", "HSE 2014 (2013/14 provisional)", "finalised", text=t1314),
    row("2012/13", COUNT, "150", "Compliance Group 2014-10 (secondary)", "finalised", text=t1314c),
    row("2013/14", COUNT, "133", "HSE 2014 (2013/14 provisional)", "provisional", pct="-19", vs=P5, vs_value="164",
        text=t1314),
    row("2013/14", RATE, "0.44", "HSE 2014 (2013/14 provisional)", "provisional", text=t1314),
    row("2013/14", COUNT, "136", "HSE 2015 (2014/15 provisional)", "finalised", text=t1415),
    row("2013/14", RATE, "0.45", "HSE 2015 (2014/15 provisional)", "finalised", text=t1415),
    row("2014/15", COUNT, "142", "HSE 2015 (2014/15 provisional)", "provisional", pct="-9", vs=P5, vs_value="156",
        text=t1415),
    row("2014/15", RATE, "0.46", "HSE 2015 (2014/15 provisional)", "provisional", text=t1415),
    row("2014/15", COUNT, "142", "HSE 2016 (2015/16 provisional)", "finalised", text=t1516),
    row("2014/15", RATE, "0.46", "HSE 2016 (2015/16 provisional)", "finalised", text=t1516),
    row("2015/16", COUNT, "144", "HSE 2016 (2015/16 provisional)", "provisional", pct="-7", vs=P5, vs_value="155",
        text=t1516),
    row("2015/16", RATE, "0.46", "HSE 2016 (2015/16 provisional)", "provisional", text=t1516),
    row("2016/17", COUNT, "137", "HSE 2017 (2016/17 provisional)", "provisional", text=t1617),
    row("2016/17", RATE, "0.43", "HSE 2017 (2016/17 provisional)", "provisional", text=t1617),
    row("2016/17", COUNT, "135", "HSE 2018-07 (2017/18 provisional)", "finalised", text=t1718,
        note="from 'last year's 135' in a report of the 2017/18 statement; 144 - 9 = 135 also"),
    row("2017/18", COUNT, "144", "HSE 2018-07 (2017/18 provisional)", "provisional", abs_="+9", vs=PY,
        vs_value="135", text=t1718),
    row("2017/18", RATE, "0.45", "HSE 2018-07 (2017/18 provisional)", "provisional", text=t1718),
    row("2018/19", COUNT, "147", "HSE 2019-07-03 (2018/19 provisional)", "provisional", abs_="+6", vs=PY,
        text=t1819, note="the increase of 6 implies a finalised 2017/18 of 141"),
    row("2018/19", RATE, "0.45", "HSE 2019-07-03 (2018/19 provisional)", "provisional", text=t1819),
    row("2018/19", COUNT, "149", "HSE 2020-07 (2019/20 provisional)", "finalised", text=t1920),
    row("2019/20", COUNT, "111", "HSE 2020-07 (2019/20 provisional)", "provisional", abs_="-38", vs=PY,
        vs_value="149", text=t1920),
    row("2019/20", RATE, "0.34", "HSE 2020-07 (2019/20 provisional)", "provisional", text=t1920),
    row("2019/20", COUNT, "113", "HSE 2021-07 (2020/21 provisional)", "finalised", text=t2021),
    row("2020/21", COUNT, "142", "HSE 2021-07 (2020/21 provisional)", "provisional", abs_="+29", vs=PY,
        vs_value="113", text=t2021),
    row("2020/21", RATE, "0.43", "HSE 2021-07 (2020/21 provisional)", "provisional", text=t2021r,
        url=P["HSE 2021-12 (rates revised)"][4],
        note="first published rate, as quoted in the December 2021 revision notice"),
    row("2020/21", RATE, "0.44", "HSE 2021-12 (rates revised)", "revised", text=t2021r,
        note="revised for new employment estimates; the count was not revised"),
    row("2021/22", COUNT, "123", "HSE 2022-07-06 (2021/22 provisional)", "provisional", text=t2122),
    row("2021/22", RATE, "0.38", "HSE 2022-07-06 (2021/22 provisional)", "provisional", note=N_START),
    row("2020/21", COUNT, "145", "HSE 2023-07-06 (2022/23 provisional)", "finalised", text=t2223),
    row("2021/22", COUNT, "123", "HSE 2023-07-06 (2022/23 provisional)", "finalised", text=t2223),
    row("2022/23", COUNT, "135", "HSE 2023-07-06 (2022/23 provisional)", "provisional", abs_="+12", vs=PY,
        vs_value="123", text=t2223),
    row("2022/23", RATE, "0.41", "HSE 2023-07-06 (2022/23 provisional)", "provisional", text=t2223),
    row("2018/19", COUNT, "149", "HSE 2024-07-03 (2023/24 provisional)", "finalised", text=t2324),
    row("2023/24", COUNT, "138", "HSE 2024-07-03 (2023/24 provisional)", "provisional", pct="+1.5", abs_="+2",
        vs=PY, vs_value="136", text=t2324),
    row("2023/24", RATE, "0.42", "HSE 2024-07-03 (2023/24 provisional)", "provisional", note=N_START,
        url="https://cloutput.co.uk/health-and-safety-statistics/health-safety-statistics"),
    row("2023/24", COUNT, "138", "HSE 2025-07-02 (2024/25 provisional)", "finalised", text=t2425),
    row("2024/25", COUNT, "124", "HSE 2025-07-02 (2024/25 provisional)", "provisional", abs_="-14", vs=PY,
        vs_value="138", text=t2425),
]
WN = {"2013/14": "136", "2014/15": "142", "2015/16": "147", "2016/17": "135", "2017/18": "141", "2018/19": "149",
      "2019/20": "113", "2020/21": "145", "2021/22": "123", "2022/23": "136"}
for _p, _v in WN.items():
    ROWS.append(row(_p, COUNT, _v, "HSE 2024-07 table (via WorkNest)", "finalised", text=t_wn))
ROWS.sort(key=lambda r: (r["period"], r["indicator"], r["published"], r["vintage"]))


def main() -> None:
    with open(HERE / "indicators.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(ROWS)


if __name__ == "__main__":
    main()
