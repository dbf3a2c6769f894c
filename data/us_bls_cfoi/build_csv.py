"""Build ``indicators.csv`` for the US BLS CFOI data set (run: python build_csv.py).

One row per figure per publication: the count or rate exactly as printed, whether
it was preliminary or final at that time, the rate basis, the headline change
and the count it was compared with, the page it was read from and the sentence.
Re-running gives the same file byte for byte.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).parent
REGION = "United States"
COUNT, RATE = "fatal_work_injuries", "fatal_injury_rate"
COLUMNS = [
    "region", "period", "indicator", "value", "value_as_written", "unit", "decimals", "approximate", "status",
    "rate_basis", "reported_change_pct", "reported_change_decimals", "reported_change_approximate", "compared_with",
    "vintage", "publisher", "publisher_type", "published", "confidence", "source_url", "source_text", "note",
]
UNIT = {("count", ""): "deaths", ("rate", "employment"): "per 100,000 employed workers",
        ("rate", "fte_hours"): "per 100,000 full-time equivalent workers"}

# vintage -> (publisher, publisher_type, published, confidence, url)
P = {
    "TED 2005-08-26 (2004 preliminary)": ("BLS (The Economics Daily; release USDL 05-1598)", "statistics_bureau",
                                          "2005-08-26", "seen", "https://www.bls.gov/opub/ted/2005/aug/wk4/art05.htm"),
    "USDL 06-1364 (2006-08-10)": ("BLS news release", "statistics_bureau", "2006-08-10", "seen",
                                  "https://fraser.stlouisfed.org/title/census-fatal-occupational-injuries-9630/"
                                  "national-census-fatal-occupational-injuries-2005-705505/content/txt/cfoi_20060810"),
    "BLS 2005 revised data (2007-04)": ("BLS (revised data notice)", "statistics_bureau", "2007-04", "seen",
                                        "https://www.bls.gov/iif/fatal-injuries-tables/archive/"
                                        "census-of-fatal-occupational-injuries-revisions-2005.htm"),
    "BLS release 2007-08 (2006 preliminary)": ("BLS (via ISHN)", "statistics_bureau", "2007-08", "seen",
                                               "https://www.ishn.com/articles/86812-new-bls-stats-show-lowest-"
                                               "workplace-fatality-rate-8-13"),
    "USDL 08-1182 (2008-08-20)": ("BLS news release (web archive copy)", "statistics_bureau", "2008-08-20", "seen",
                                  "https://webarchive.library.unt.edu/eot2008/20081105035229/"
                                  "http://www.bls.gov/news.release/cfoi.nr0.htm"),
    "BLS 2007 revised data (2009-04)": ("BLS (via a library news blog)", "statistics_bureau", "2009-04-24", "seen",
                                        "http://swemgovdocs.blogs.wm.edu/2009/04/24/"
                                        "revisions-to-the-2007-census-of-fatal-occupational-injuries/"),
    "USDL 09-0979 (2009-08-20)": ("BLS news release (via Claims Journal)", "statistics_bureau", "2009-08-20", "seen",
                                  "https://claimsjournal.com/news/national/2009/08/20/103185.htm"),
    "BLS release 2010-08-19 (2009 preliminary)": ("BLS news release (via a law-firm blog)", "statistics_bureau",
                                                  "2010-08-19", "seen",
                                                  "https://www.chicagoillinoiscaraccidentlawyerblog.com/category/"
                                                  "transportation-related-accidents"),
    "BLS release 2011-08-25 (2010 preliminary)": ("BLS news release (via AutoInformed, EHS Today)",
                                                  "statistics_bureau", "2011-08-25", "seen",
                                                  "https://autoinformed.com/4547-worker-fatalities-in-2010-about-"
                                                  "same-as-2009-12-a-day ; https://www.ehstoday.com/safety/news/"
                                                  "bls-worker-fatality-count-holds-steady-0829"),
    "BLS release 2012-09-20 (2011 preliminary)": ("BLS news release (via a workers' blog)", "statistics_bureau",
                                                  "2012-09-20", "seen", "http://fortheinjuredworker.com/tag/new-jersey/"),
    "BLS 2011 final data (2013-04)": ("BLS (via ISHN)", "statistics_bureau", "2013-04", "seen",
                                      "https://www.ishn.com/articles/95759-bls-workplace-deaths-in-us-down-slightly"),
    "USDL-13-1699 (2013-08-22)": ("BLS news release (print copy)", "statistics_bureau", "2013-08-22", "seen",
                                  "http://data.bls.gov/cgi-bin/print.pl/news.release/cfoi.htm"),
    "USDL-14-1674 (2014-09-11)": ("BLS news release (quoted by AFSCME)", "statistics_bureau", "2014-09-11", "seen",
                                  "http://www.afscmeinfocenter.org/blog/2014/09/"
                                  "census-of-fatal-occupational-injuries-summary-2013.htm"),
    "BLS 2013 final data (2015-04)": ("BLS (via Center for Public Integrity)", "statistics_bureau", "2015-04", "seen",
                                      "https://publicintegrity.org/inequality-poverty-opportunity/workers-rights/"
                                      "job-related-deaths-among-latino-contract-workers-rose-in-2013/"),
    "workplace-safety.net 2015 (secondary)": ("workplace-safety.net blog", "news_secondary", "2015", "seen_secondary",
                                              "http://www.workplace-safety.net/connect/blog/entry/bureau-of-labor-"
                                              "statistics-releases-workplace-fatality-final-counts-for-2013"
                                              "?tmpl=component&print=1"),
    "Safety News Alert 2015 (secondary)": ("Safety News Alert", "news_secondary", "2015", "seen_secondary",
                                           "https://www.safetynewsalert.com/workplace-fatalities-increase-for-"
                                           "these-2-types-of-events/"),
    "TED 2015-09-23 (2014 preliminary)": ("BLS (The Economics Daily)", "statistics_bureau", "2015-09-23", "seen",
                                          "https://www.bls.gov/opub/ted/2015/4679-fatal-work-injuries-in-2014.htm"),
    "BLS 2014 final data (2016-04)": ("BLS (via Safety News Alert)", "statistics_bureau", "2016-04", "seen",
                                      "https://www.safetynewsalert.com/worker-fatality-rate-increases-for-first-"
                                      "time-in-four-years/"),
    "BLS release 2016-12-16 (2015)": ("BLS news release (via EHS Today)", "statistics_bureau", "2016-12-16", "seen",
                                      "http://ehstoday.com/safety/labor-secretary-perez-moral-responsibility-"
                                      "provide-safe-workplaces"),
    "USDL-17-1667 (2017-12-19)": ("BLS news release", "statistics_bureau", "2017-12-19", "seen",
                                  "https://stats.bls.gov/news.release/cfoi.nr0.htm"),
    "BLS release 2018-12-18 (2017)": ("BLS news release (via For Construction Pros)", "statistics_bureau",
                                      "2018-12-18", "seen",
                                      "https://www.forconstructionpros.com/latest-news/press-release/21039476/"
                                      "occupational-safety-health-administration-report-shows-decline-in-"
                                      "workplace-fatalities-in-2017"),
    "TED 2019-04-26": ("BLS (The Economics Daily)", "statistics_bureau", "2019-04-26", "seen",
                       "https://stats.bls.gov/opub/ted/2019/fatal-work-injuries-down-slightly-in-2017.htm"),
    "US Glass 2018-12 (secondary)": ("US Glass Magazine", "news_secondary", "2018-12", "seen_secondary",
                                     "https://www.usglassmag.com/trade-workers-fatal-work-injuries-fell-in-2017/"),
    "BLS release 2019-12-17 (2018)": ("BLS news release (via Suicide Information & Education Centre)",
                                      "statistics_bureau", "2019-12-17", "seen",
                                      "https://www.suicideinfo.ca/resource/national-census-of-fatal-occupational-"
                                      "injuries-in-2018/"),
    "BLS release 2020-12-16 (2019)": ("BLS news release (via Teamsters)", "statistics_bureau", "2020-12-16", "seen",
                                      "https://teamster.org/workers-memorial-day-2021-fatal-occupational-"
                                      "injuries-2019/"),
    "BLS release 2021-12-16 (2020)": ("BLS news release (via Access Compliance)", "statistics_bureau", "2021-12-16",
                                      "seen", "https://www.accesscompliance.net/post/national-census-of-fatal-"
                                      "occupational-injuries-in-2020"),
    "BLS release 2022-12-16 (2021)": ("BLS news release (via NASP)", "statistics_bureau", "2022-12-16", "seen",
                                      "https://naspweb.com/blog/2021-fatal-work-injury-data/"),
    "BLS release 2023-12-19 (2022)": ("BLS news release (via NIOSH, Aggregates & Mining Today)", "statistics_bureau",
                                      "2023-12-19", "seen", "https://aggregatesandminingtoday.com/2023/12/u-s-bureau-"
                                      "of-labor-releases-2022-census-of-fatal-occupational-injuries/"),
    "worksafeconsultants (secondary)": ("WorkSafe Consultants", "news_secondary", "2024", "seen_secondary",
                                        "https://worksafeconsultants.com/?page_id=236"),
    "TED 2023-12 table": ("BLS (The Economics Daily)", "statistics_bureau", "2023-12-20", "seen",
                          "https://www.bls.gov/opub/ted/2023/fatal-work-injuries-up-in-2022.htm"),
    "USDL-24-2564 (2024-12-19)": ("BLS news release", "statistics_bureau", "2024-12-19", "seen",
                                  "https://www.bls.gov/news.release/cfoi.htm"),
    "BLS release 2026-02 (2024)": ("BLS news release (via Confined Space blog)", "statistics_bureau", "2026-02",
                                   "seen", "https://jordanbarab.com/confinedspace/2026/02/23/"
                                   "workplace-fatalities-drop-in-last-biden-year ; "
                                   "https://jobadvisor.link/p/corporate-life.html"),
}


def row(period, kind, written, vintage, status, *, basis="", pct=None, approx_pct=False, vs="", text="", note=""):
    publisher, ptype, published, confidence, url = P[vintage]
    number = written.replace(",", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return {
        "region": REGION, "period": period, "indicator": COUNT if kind == "count" else RATE,
        "value": number, "value_as_written": written, "unit": UNIT[(kind, basis)], "decimals": decimals,
        "approximate": "false", "status": status, "rate_basis": basis,
        "reported_change_pct": pct or "", "reported_change_decimals": (len(pct.split(".")[1]) if pct and "." in pct
                                                                       else (0 if pct else "")),
        "reported_change_approximate": ("true" if approx_pct else "false") if pct else "",
        "compared_with": vs, "vintage": vintage, "publisher": publisher, "publisher_type": ptype,
        "published": published, "confidence": confidence, "source_url": url, "source_text": text, "note": note,
    }


E, F = "employment", "fte_hours"
t04 = ("A total of 5,703 fatal work injuries were recorded in the U.S. in 2004, an increase of 2 percent from the revised "
       "total of 5,575 fatal work injuries reported for 2003. ... The rate at which fatal work injuries occurred in 2004 "
       "was 4.1 per 100,000 workers, up slightly from a rate of 4.0 per 100,000 workers in 2002 and 2003.")
t05 = ("A total of 5,702 fatal work injuries were recorded in the United States in 2005, down about 1 percent from the "
       "revised total of 5,764 fatal work injuries recorded in 2004. The rate at which fatal work injuries occurred in "
       "2005 was 4.0 per 100,000 workers, down slightly from a rate of 4.1 per 100,000 in 2004.")
t05r = ("After the updates, the total number of fatal work injuries in 2005 was revised to 5,734, an increase of 32 "
        "fatalities from the preliminary count of 5,702 reported in August 2006.")
t06 = ("the overall fatal work injury rate for the U.S. in 2006 dropped to 3.9 per 100,000 workers, down from a rate of "
       "4.0 per 100,000 in 2005. ... There were 5,703 fatal work injuries in the United States in 2006, down slightly "
       "from the revised total of 5,734 fatalities in 2005.")
t07 = ("A total of 5,488 fatal work injuries were recorded in the United States in 2007, a decrease of 6 percent from "
       "the revised total of 5,840 fatal work injuries reported for 2006. ... Based on these preliminary counts, the "
       "rate of fatal injury for U.S. workers in 2007 was 3.7 fatal work injuries per 100,000 workers, down from the "
       "final rate of 4.0 per 100,000 workers in 2006")
t07r = "Reports that the final count of fatal work injuries for 2007 was 5,657, up from the preliminary count of 5,488"
t08 = ("A total of 5,071 fatal work injuries were recorded in the U.S. in 2008, down about 10 percent from a total of "
       "5,657 fatal work injuries reported for 2007, according to preliminary government figures. Based on these "
       "preliminary counts, the rate of fatal injury for U.S. workers in 2008 was 3.6 fatal work injuries per 100,000 "
       "full-time equivalent (FTE) workers, down from the final rate of 4.0 in 2007.")
t09 = ("A preliminary total of 4,340 fatal work injuries were recorded in the United States in 2009, down from a final "
       "count of 5,214 fatal work injuries in 2008. ... Based on this preliminary count, the rate of fatal work injury "
       "for U.S. workers in 2009 was 3.3 per 100,000 full-time equivalent (FTE) workers, down from a final rate of 3.7 "
       "in 2008.")
t10 = ("A preliminary total of 4,547 worker fatalities were recorded in the United States in 2010, about the same as "
       "the final count of 4,551 fatal work injuries in 2009, according to the U.S. Bureau of Labor Statistics. / The "
       "rate of fatal work injury for U.S. workers in 2010 was 3.5 per 100,000 full-time equivalent workers, the same "
       "as the final rate for 2009.")
t11 = ("A preliminary total of 4,609 fatal work injuries were recorded in the United States in 2011, down from a final "
       "count of 4,690 fatal work injuries in 2010 ... The rate of fatal work injury for U.S. workers in 2011 was 3.5 "
       "per 100,000 full-time equivalent (FTE) workers, as compared to a final rate of 3.6 per 100,000 for 2010.")
t11f = ("the final count of fatal work injuries in the U.S. in 2011 was 4,693 ... The overall fatal work injury rate "
        "for the U.S. in 2011 was 3.5 fatal injuries per 100,000 full-time equivalent workers, down slightly from the "
        "final rate of 3.6 reported for 2010.")
t12 = ("A preliminary total of 4,383 fatal work injuries were recorded in the United States in 2012, down from a "
       "revised count of 4,693 fatal work injuries in 2011 ... The rate of fatal work injury for U.S. workers in 2012 "
       "was 3.2 per 100,000 full-time equivalent (FTE) workers, down from a rate of 3.5 per 100,000 in 2011.")
t13 = ("A preliminary total of 4,405 fatal work injuries were recorded in the United States in 2013, lower than the "
       "revised count of 4,628 fatal work injuries in 2012 ... The rate of fatal work injury for U.S. workers in 2013 "
       "was 3.2 per 100,000 full-time equivalent (FTE) workers, compared to a final rate of 3.4 per 100,000 in 2012.")
t13f = ("The corrected numbers from the U.S. Bureau of Labor Statistics show that 4,585 people died from injuries "
        "sustained on the job, up from initial reports of 4,405 deaths. ... That equates to about 3.3 deaths for every "
        "100,000 full-time-equivalent workers")
t13w = ("The final count of workplace fatalities in 2013 – the most recent year for which data were available – was "
        "4584, a decrease of 44 (or 0.95%) from 4628 in 2012.")
t13s = "The final count of workplace fatalities in 2013 was 4,584, a decrease of 43 (or 0.93%) from 4,628 in 2012."
t14 = ("A preliminary total of 4,679 fatal work injuries were recorded in the United States in 2014, an increase of 2 "
       "percent over the revised count of 4,585 fatal work injuries in 2013. ... The preliminary rate of fatal work "
       "injury for U.S. workers in 2014 was 3.3 per 100,000 full-time equivalent (FTE) workers; the revised rate for "
       "2013 was also 3.3.")
t14f = ("the overall fatal work injury rate in 2014 was 3.4 per 100,000 full-time equivalent (FTE) workers, up from "
        "3.3 in 2013. The final count of fatal work injuries in 2014 was 4,821.")
t15 = ("A total of 4,836 fatal work injuries were recorded in the United States in 2015, a slight increase from the "
       "4,821 fatal injuries reported in 2014, BLS reported. ... The overall rate of fatal work injury for workers in "
       "2015, at 3.38 per 100,000 full-time equivalent (FTE) workers, was lower than the 2014 rate of 3.43.")
t16 = ("There were a total of 5,190 fatal work injuries recorded in the United States in 2016, a 7-percent increase "
       "from the 4,836 fatal injuries reported in 2015 ... The fatal injury rate increased to 3.6 per 100,000 "
       "full-time equivalent (FTE) workers from 3.4 in 2015")
t17 = ("There were a total of 5,147 fatal work injuries recorded in the United States in 2017, down slightly from the "
       "5,190 fatal injuries reported in 2016, the U.S. Bureau of Labor Statistics reported (see chart 1). The fatal "
       "injury rate decreased to 3.5 per 100,000 full-time equivalent (FTE) workers from 3.6 in 2016.")
t17t = ("In 2017, 5,147 workers in the United States suffered fatal occupational injuries. While this represents a "
        "1-percent decrease from 2016")
t17g = ("there were a total of 5,146 fatal work injuries recorded in the U.S. in 2017.")
t18 = ("There were 5,250 fatal work injuries recorded in the United States in 2018, a 2 percent increase from the 5,147 "
       "in 2017 ... The fatal work injury rate remained unchanged at 3.5 per 100,000 full-time equivalent (FTE) workers.")
t19 = ("There were 5,333 fatal work injuries recorded in the United States in 2019, a 2 percent increase from the 5,250 "
       "in 2018. The fatal work injury rate was 3.5 fatalities per 100,000 full-time equivalents (FTE) workers, which "
       "was the rate reported in 2018.")
t20 = ("There were 4,764 fatal work injuries recorded in the United States in 2020, a 10.7-percent decrease from 5,333 "
       "in 2019. The fatal work injury rate was 3.4 fatalities per 100,000 full-time equivalent (FTE) workers, down "
       "from 3.5 per 100,000 FTE in 2019.")
t21 = ("There were 5,190 fatal work injuries recorded in the United States in 2021, an 8.9% increase from 4,764 in "
       "2020 / The fatal work injury rate was 3.6 fatalities per 100,000 full-time equivalent (FTE) workers, up from "
       "3.4 per 100,000 FTE in 2020 and up from the 2019 pre-pandemic rate of 3.5")
t22 = ("there were 5,486 fatal work injuries recorded in the United States in 2022, a 5.7-percent increase from 5,190 "
       "in 2021. The fatal work injury rate was 3.7 fatalities per 100,000 full-time equivalent (FTE) workers, up from "
       "3.6 per 100,000 FTE in 2021.")
t22w = ("In 2022, the U.S. Bureau of Labor Statistics recorded 5,486 fatal occupational injuries, marking a notable 5.3 "
        "percent increase from the 5,190 fatalities reported in 2021.")
t_ted = ("There were 5,486 fatal work injuries recorded in the United States in 2022, a 5.7-percent increase from "
         "5,190 in 2021. ... Year | Fatal work injuries | 2013 | 4,585 | 2014 | 4,821 | 2015 | 4,836 | 2016 | 5,190 | "
         "2017 | 5,147 | 2018 | 5,250 | 2019 | 5,333 | 2020 | 4,764 | 2021 | 5,190 | 2022 | 5,486 | ... Year | Fatal "
         "injury rate | 2013 | 3.3 | 2014 | 3.4 | 2015 | 3.4 | 2016 | 3.6 | 2017 | 3.5 | 2018 | 3.5 | 2019 | 3.5 | "
         "2020 | 3.4 | 2021 | 3.6 | 2022 | 3.7 |")
t23 = ("There were 5,283 fatal work injuries recorded in the United States in 2023, a 3.7-percent decrease from 5,486 "
       "in 2022, the U.S. Bureau of Labor Statistics reported today. (See chart 1 and table 1.) The fatal work injury "
       "rate was 3.5 fatalities per 100,000 full-time equivalent (FTE) workers, down from 3.7 in 2022.")
t24 = ("5,070 workers were killed on the job in the US in 2024, down 4.0 percent from 5,283 in 2023. The fatality rate "
       "was 3.3 fatalities per 100,000 full-time equivalent (FTE) workers in 2024, a decrease from a rate of 3.5 in "
       "2023. / \"There were 5,070 fatal work injuries recorded in the United States in 2024, down 4.0 percent from "
       "5,283 in 2023,\"")

V04, V05, V05r = "TED 2005-08-26 (2004 preliminary)", "USDL 06-1364 (2006-08-10)", "BLS 2005 revised data (2007-04)"
V06, V07, V07r = ("BLS release 2007-08 (2006 preliminary)", "USDL 08-1182 (2008-08-20)",
                  "BLS 2007 revised data (2009-04)")
V08, V09, V10 = ("USDL 09-0979 (2009-08-20)", "BLS release 2010-08-19 (2009 preliminary)",
                 "BLS release 2011-08-25 (2010 preliminary)")
V11, V11f, V12 = ("BLS release 2012-09-20 (2011 preliminary)", "BLS 2011 final data (2013-04)",
                  "USDL-13-1699 (2013-08-22)")
V13, V13f, V14, V14f = ("USDL-14-1674 (2014-09-11)", "BLS 2013 final data (2015-04)",
                        "TED 2015-09-23 (2014 preliminary)", "BLS 2014 final data (2016-04)")
TED = "TED 2023-12 table"
N_RESTATED = "2007 rate restated on the new hours-based (FTE) basis introduced in 2009"
N_BASIS = "rates per 100,000 employed workers (employment basis) were published for data years up to 2007"

ROWS = [
    row("2003", "count", "5,575", V04, "final", text=t04),
    row("2003", "rate", "4.0", V04, "final", basis=E, text=t04),
    row("2004", "count", "5,703", V04, "preliminary", pct="+2", vs="5575", text=t04),
    row("2004", "rate", "4.1", V04, "preliminary", basis=E, text=t04),
    row("2004", "count", "5,764", V05, "final", text=t05),
    row("2004", "rate", "4.1", V05, "final", basis=E, text=t05),
    row("2005", "count", "5,702", V05, "preliminary", pct="-1", approx_pct=True, vs="5764", text=t05,
        note="the change is worded 'down about 1 percent'"),
    row("2005", "rate", "4.0", V05, "preliminary", basis=E, text=t05),
    row("2005", "count", "5,734", V05r, "final", text=t05r),
    row("2005", "count", "5,734", V06, "final", text=t06),
    row("2005", "rate", "4.0", V06, "final", basis=E, text=t06),
    row("2006", "count", "5,703", V06, "preliminary", vs="5734", text=t06,
        note="the change is worded 'down slightly'; no percentage printed"),
    row("2006", "rate", "3.9", V06, "preliminary", basis=E, text=t06),
    row("2006", "count", "5,840", V07, "final", text=t07),
    row("2006", "rate", "4.0", V07, "final", basis=E, text=t07),
    row("2007", "count", "5,488", V07, "preliminary", pct="-6", vs="5840", text=t07),
    row("2007", "rate", "3.7", V07, "preliminary", basis=E, text=t07, note=N_BASIS),
    row("2007", "count", "5,657", V07r, "final", text=t07r),
    row("2007", "count", "5,657", V08, "final", text=t08),
    row("2007", "rate", "4.0", V08, "final", basis=F, text=t08, note=N_RESTATED),
    row("2008", "count", "5,071", V08, "preliminary", pct="-10", approx_pct=True, vs="5657", text=t08,
        note="the change is worded 'down about 10 percent'"),
    row("2008", "rate", "3.6", V08, "preliminary", basis=F, text=t08),
    row("2008", "count", "5,214", V09, "final", text=t09),
    row("2008", "rate", "3.7", V09, "final", basis=F, text=t09),
    row("2009", "count", "4,340", V09, "preliminary", vs="5214", text=t09, note="no percentage printed"),
    row("2009", "rate", "3.3", V09, "preliminary", basis=F, text=t09),
    row("2009", "count", "4,551", V10, "final", text=t10),
    row("2009", "rate", "3.5", V10, "final", basis=F, text=t10),
    row("2010", "count", "4,547", V10, "preliminary", vs="4551", text=t10,
        note="the change is worded 'about the same'; no percentage printed"),
    row("2010", "rate", "3.5", V10, "preliminary", basis=F, text=t10),
    row("2010", "count", "4,690", V11, "final", text=t11),
    row("2010", "rate", "3.6", V11, "final", basis=F, text=t11),
    row("2011", "count", "4,609", V11, "preliminary", vs="4690", text=t11, note="no percentage printed"),
    row("2011", "rate", "3.5", V11, "preliminary", basis=F, text=t11),
    row("2011", "count", "4,693", V11f, "final", text=t11f),
    row("2011", "rate", "3.5", V11f, "final", basis=F, text=t11f),
    row("2012", "count", "4,383", V12, "preliminary", vs="4693", text=t12, note="no percentage printed"),
    row("2012", "rate", "3.2", V12, "preliminary", basis=F, text=t12),
    row("2012", "count", "4,628", V13, "final", text=t13),
    row("2012", "rate", "3.4", V13, "final", basis=F, text=t13),
    row("2013", "count", "4,405", V13, "preliminary", vs="4628", text=t13, note="no percentage printed"),
    row("2013", "rate", "3.2", V13, "preliminary", basis=F, text=t13),
    row("2013", "count", "4,585", V13f, "final", text=t13f),
    row("2013", "rate", "3.3", V13f, "final", basis=F, text=t13f),
    row("2013", "count", "4584", "workplace-safety.net 2015 (secondary)", "final", pct="-0.95", vs="4628", text=t13w,
        note="secondary page; BLS's final count is 4,585"),
    row("2013", "count", "4,584", "Safety News Alert 2015 (secondary)", "final", pct="-0.93", vs="4628", text=t13s,
        note="secondary page; states a decrease of 43, which fits 4,585 not 4,584"),
    row("2013", "count", "4,585", V14, "final", text=t14),
    row("2013", "rate", "3.3", V14, "final", basis=F, text=t14),
    row("2014", "count", "4,679", V14, "preliminary", pct="+2", vs="4585", text=t14),
    row("2014", "rate", "3.3", V14, "preliminary", basis=F, text=t14),
    row("2014", "count", "4,821", V14f, "final", text=t14f),
    row("2014", "rate", "3.4", V14f, "final", basis=F, text=t14f),
    row("2014", "rate", "3.43", "BLS release 2016-12-16 (2015)", "final", basis=F, text=t15,
        note="the same rate printed with two decimals"),
    row("2015", "count", "4,836", "BLS release 2016-12-16 (2015)", "final", vs="4821", text=t15,
        note="from data year 2015 BLS publishes one count; the change is worded 'a slight increase'"),
    row("2015", "rate", "3.38", "BLS release 2016-12-16 (2015)", "final", basis=F, text=t15),
    row("2015", "rate", "3.4", "USDL-17-1667 (2017-12-19)", "final", basis=F, text=t16),
    row("2016", "count", "5,190", "USDL-17-1667 (2017-12-19)", "final", pct="+7", vs="4836", text=t16),
    row("2016", "rate", "3.6", "USDL-17-1667 (2017-12-19)", "final", basis=F, text=t16),
    row("2017", "count", "5,147", "BLS release 2018-12-18 (2017)", "final", vs="5190", text=t17,
        note="the change is worded 'down slightly'"),
    row("2017", "rate", "3.5", "BLS release 2018-12-18 (2017)", "final", basis=F, text=t17),
    row("2017", "count", "5,147", "TED 2019-04-26", "final", pct="-1", vs="5190", text=t17t),
    row("2017", "count", "5,146", "US Glass 2018-12 (secondary)", "final", text=t17g,
        note="secondary page; BLS's count is 5,147"),
    row("2018", "count", "5,250", "BLS release 2019-12-17 (2018)", "final", pct="+2", vs="5147", text=t18),
    row("2018", "rate", "3.5", "BLS release 2019-12-17 (2018)", "final", basis=F, text=t18),
    row("2019", "count", "5,333", "BLS release 2020-12-16 (2019)", "final", pct="+2", vs="5250", text=t19),
    row("2019", "rate", "3.5", "BLS release 2020-12-16 (2019)", "final", basis=F, text=t19),
    row("2020", "count", "4,764", "BLS release 2021-12-16 (2020)", "final", pct="-10.7", vs="5333", text=t20),
    row("2020", "rate", "3.4", "BLS release 2021-12-16 (2020)", "final", basis=F, text=t20),
    row("2021", "count", "5,190", "BLS release 2022-12-16 (2021)", "final", pct="+8.9", vs="4764", text=t21),
    row("2021", "rate", "3.6", "BLS release 2022-12-16 (2021)", "final", basis=F, text=t21),
    row("2022", "count", "5,486", "BLS release 2023-12-19 (2022)", "final", pct="+5.7", vs="5190", text=t22),
    row("2022", "rate", "3.7", "BLS release 2023-12-19 (2022)", "final", basis=F, text=t22),
    row("2022", "count", "5,486", "worksafeconsultants (secondary)", "final", pct="+5.3", vs="5190", text=t22w,
        note="secondary page; BLS printed a 5.7-percent increase"),
]
TED_COUNTS = {"2013": "4,585", "2014": "4,821", "2015": "4,836", "2016": "5,190", "2017": "5,147", "2018": "5,250",
              "2019": "5,333", "2020": "4,764", "2021": "5,190", "2022": "5,486"}
TED_RATES = {"2013": "3.3", "2014": "3.4", "2015": "3.4", "2016": "3.6", "2017": "3.5", "2018": "3.5", "2019": "3.5",
             "2020": "3.4", "2021": "3.6", "2022": "3.7"}
for _y in TED_COUNTS:
    ROWS.append(row(_y, "count", TED_COUNTS[_y], TED, "final", text=t_ted,
                    pct="+5.7" if _y == "2022" else None, vs="5190" if _y == "2022" else ""))
    ROWS.append(row(_y, "rate", TED_RATES[_y], TED, "final", basis=F, text=t_ted))
ROWS += [
    row("2023", "count", "5,283", "USDL-24-2564 (2024-12-19)", "final", pct="-3.7", vs="5486", text=t23),
    row("2023", "rate", "3.5", "USDL-24-2564 (2024-12-19)", "final", basis=F, text=t23),
    row("2024", "count", "5,070", "BLS release 2026-02 (2024)", "final", pct="-4.0", vs="5283", text=t24),
    row("2024", "rate", "3.3", "BLS release 2026-02 (2024)", "final", basis=F, text=t24),
]
ROWS.sort(key=lambda r: (r["period"], r["indicator"], r["published"], r["vintage"]))


def main() -> None:
    with open(HERE / "indicators.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(ROWS)


if __name__ == "__main__":
    main()
