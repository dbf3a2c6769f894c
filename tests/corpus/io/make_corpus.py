"""Write the reader test corpus: files as people really make them (run once; the files are committed).

Each file's expected outcome is asserted in tests/test_io.py.
"""

from pathlib import Path

import openpyxl

HERE = Path(__file__).parent


def w(name: str, text: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(text.encode(encoding))


# valid files ---------------------------------------------------------------
w("valid_utf8.csv", "年份,事故起数,死亡人数\n2019,102,77\n2020,95,70\n2021,88,61\n2022,80,56\n2023,71,50\n")
w("valid_gbk_chinese_headers.csv",
  "地区,年份,事故起数（起）,死亡人数（人）,受伤人数\n"
  "姑苏区,2022,\"1,204\",３５,12\n姑苏区,2023,\"1,071\",３０,9\n"
  "吴中区,2022,980,41,20\n吴中区,2023,1012,39,18\n", encoding="gbk")
w("valid_bom.csv", "Year,Accidents,Deaths\r\n2021,88,61\r\n2022,80,56\r\n2023,71,50\r\n", encoding="utf-8-sig")
w("valid_trailing_blank_rows.csv", "year,accidents,deaths\n2022,80,56\n\n2023,71,50\n,,\n\n ,  ,\n")
w("valid_wan.csv", "年份,指标,数值,单位\n2023,应急救援队伍人员,1.07万余,人\n2023,协议储备生活类救灾物资,8.9万,件\n"
  "2023,避难场所,78,个\n")
w("valid_yearbook_wide.csv", "指标,2019年,2020年,2021年\n事故起数,102,95,88\n死亡人数,77,70,61\n")
w("valid_standardization_wide.csv", "年份,一级,二级,三级\n2022,12,430,1390\n2023,15,458,1407\n")
w("valid_split_year.csv", "Year,Fatalities\n2019/20,113\n2020/21,145\n2021/22,123\n2022/23,136\n2023/24,138\n")
w("valid_monthly_tsv.tsv", "月份\t事故\t死亡\n2023年1月\t6\t4\n2023年2月\t5\t3\n2023年3月\t7\t5\n")
w("valid_total_row.csv", "年份,事故起数,死亡人数\n2022,80,56\n2023,71,50\n合计,151,106\n")
w("valid_training.csv", "年份,人员类别,考试人数,合格人数\n2023,特种作业人员,\"110,523\",\"98,000\"\n"
  "2023,主要负责人和安管人员,\"13,513\",\"12,900\"\n")

# bad files -----------------------------------------------------------------
w("bad_negative.csv", "年份,事故起数,死亡人数\n2021,88,61\n2022,80,-56\n2023,71,50\n")
w("bad_nan.csv", "年份,事故起数,死亡人数\n2021,88,61\n2022,80,\n2023,71,50\n")
w("bad_text_in_numeric.csv", "年份,事故起数,死亡人数\n2021,88,61\n2022,八十,56\n2023,71,50\n")
w("bad_duplicate_year.csv", "年份,事故起数,死亡人数\n2021,88,61\n2022,80,56\n2022,71,50\n")
w("bad_missing_deaths.csv", "年份,事故起数\n2021,88\n2022,80\n")
w("bad_empty.csv", "")
w("bad_header_only.csv", "年份,事故起数,死亡人数\n")
w("bad_fraction.csv", "year,accidents,deaths\n2022,80.5,56\n")
w("bad_passed_gt_examined.csv", "年份,人员类别,考试人数,合格人数\n2023,特种作业人员,100,120\n")
w("bad_level.csv", "年份,等级,达标企业数\n2023,4,15\n")
(HERE / "bad_binary.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
(HERE / "bad_unknown_encoding.csv").write_bytes("Year,Accidents\n2023,71 total payé\n".encode("cp1252"))

# Excel: a title row, the header, data, and a total row ------------------------
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "统计"
ws.append(["苏州市生产安全事故统计表"])
ws.append(["年份", "事故起数", "死亡人数"])
for row in ([2021, 88, 61], [2022, 80, 56], [2023, 71, 50], ["合计", 239, 167]):
    ws.append(row)
wb.properties.creator = "safetystats"
wb.save(HERE / "valid_excel.xlsx")

wb = openpyxl.Workbook()
ws = wb.active
ws.append(["年份", "事故起数", "死亡人数"])
ws.append([2022, 80, 56])
ws.append([2023, -71, 50])
wb.save(HERE / "bad_excel_negative.xlsx")
print("corpus written")
