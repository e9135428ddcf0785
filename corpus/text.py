"""Agency names, titles and the body text of a report.

Body paragraphs reuse the seed report's sentences (with the agency's own
pronoun and year); the number of paragraphs varies so that the tables land at
different places on the page.
"""
from __future__ import annotations

import random

from .seed import HEADING, seed_sections

PROVINCES = ("江苏省", "浙江省", "福建省", "江西省", "湖南省", "四川省", "河南省", "安徽省", "广东省", "山东省")
CITIES = ("淮安市", "赣州市", "宁德市", "南平市", "常德市", "绵阳市", "洛阳市", "芜湖市", "韶关市", "潍坊市",
          "温州市", "泉州市")
COUNTIES = ("洪泽区", "寿宁县", "崇义县", "武夷山市", "桃源县", "安州区", "栾川县", "南陵县", "乳源瑶族自治县",
            "临朐县", "永嘉县", "惠安县", "高新区")
TOWNS = ("城关镇", "东华街道办事处", "三河镇", "黄坛镇")
PROVINCE_DEPTS = ("人力资源和社会保障厅", "自然资源厅", "交通运输厅", "生态环境厅", "民政厅", "教育厅",
                  "卫生健康委员会", "发展和改革委员会", "市场监督管理局", "人民政府办公厅")
LOCAL_DEPTS = ("自然资源局", "卫生健康局", "教育局", "住房和城乡建设局", "农业农村局", "市场监督管理局",
               "财政局", "民政局", "发展和改革委员会", "人民政府办公室", "医疗保障局", "应急管理局")
PRONOUN = (("办公厅", "我厅"), ("办公室", "我办"), ("厅", "我厅"), ("局", "我局"), ("委员会", "我委"))


def agency_name(rng: random.Random, kind: str | None = None) -> str:
    """A random agency; `kind` (province_dept, city_gov, county_gov, county_dept, city_dept,
    town) picks its level."""
    kind = kind or rng.choice(["province_dept", "city_gov", "county_gov", "county_gov", "county_dept",
                               "city_dept", "town"])
    city, county = rng.choice(CITIES), rng.choice(COUNTIES)
    if kind == "province_dept":
        return rng.choice(PROVINCES) + rng.choice(PROVINCE_DEPTS)
    if kind == "city_gov":
        return city + "人民政府"
    if kind == "county_gov":
        return (city if rng.random() < 0.5 else "") + county + "人民政府"
    if kind == "county_dept":
        return county + rng.choice(LOCAL_DEPTS)
    if kind == "city_dept":
        return city + rng.choice(LOCAL_DEPTS)
    return county + rng.choice(TOWNS).replace("镇", "镇人民政府", 1)


def pronoun(agency: str) -> str:
    for suffix, word in PRONOUN:
        if agency.endswith(suffix):
            return word
    for place, word in (("区", "我区"), ("县", "我县"), ("市", "我市"), ("镇", "我镇")):
        if agency.removesuffix("人民政府").endswith(place):
            return word
    return "本机关"


def title_lines(agency: str, year: int, lines: int, year_space: bool) -> list[str]:
    year_text = f"{year} 年" if year_space else f"{year}年"
    if lines == 1:
        return [f"{agency}{year_text}政府信息公开工作年度报告"]
    if len(agency) > 8:
        return [agency, f"{year_text}政府信息公开工作年度报告"]
    return [f"{agency}{' ' if year_space else ''}{year_text}", "政府信息公开工作年度报告"]


# How the title may be printed (Layout.title_form); the agency and year are always the title's.
TITLE_FORMS = {
    "plain": "title_lines(): one or two lines",
    "metadata": "a site's metadata block (索引号：…, 发布机构：…, 发文日期：…) above the title",
    "doc_number": "a document number (某财发〔2024〕2号) above a two-line title",
    "year_after": "the agency, then 政府信息公开工作年度报告（2024年度）",
    "guanyu": "XX人民政府关于2023年度政府信息公开工作情况的报告",
    "cn_year": "the year in Chinese numerals (二〇二三年)",
    "spaced_year": "the year letter-spaced (2 0 2 3 年)",
    "cover": "an untitled cover page (an emblem-like line and a date), the title on page 2",
}
CN_DIGITS = "〇一二三四五六七八九"
CN_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
# Departments' short forms in document numbers (洪财〔2024〕2号)
DOC_ABBREV = {"自然资源局": "自然资", "卫生健康局": "卫健", "教育局": "教", "住房和城乡建设局": "建",
              "农业农村局": "农", "市场监督管理局": "市监", "财政局": "财", "民政局": "民",
              "发展和改革委员会": "发改", "人民政府办公室": "政办", "医疗保障局": "医保", "应急管理局": "应急"}
REPORT_NAME = "政府信息公开工作年度报告"


def cn_year(year: int) -> str:
    return "".join(CN_DIGITS[int(d)] for d in str(year))


def metadata_block(rng: random.Random, year: int) -> list[str]:
    """The nine lines a government site's print view sets above an article: published the
    next January by the county government's office."""
    published = year + 1
    code = f"{rng.randint(10**10, 10**11 - 1)}{rng.choice('ABKQX')}"
    return [f"索引号：{code}/{published}-{rng.randint(1, 99999):05d}", "主题分类：政务公开",
            "发布机构：县政府办公室", f"发文日期：{published}年01月15日", "文号：无", "有效性：有效",
            f"生成日期：{published}-01-15", f"浏览次数：{rng.randint(20, 900)}", "字号：大 中 小"]


def doc_number(rng: random.Random, agency: str, year: int) -> str:
    """The issuing number of a department's report, published the next year (洪财〔2024〕2号)."""
    dept = next((d for d in DOC_ABBREV if agency.endswith(d)), "人民政府办公室")
    return f"{agency[0]}{DOC_ABBREV[dept]}〔{year + 1}〕{rng.randint(1, 12)}号"


def title_block(rng: random.Random, form: str, agency: str, year: int, lines: int,
                year_space: bool) -> tuple[list[str], list[str], list[str]]:
    """(lines above the title, the title's lines, an untitled cover page's lines or [])."""
    above: list[str] = []
    cover: list[str] = []
    if form == "metadata":
        above, title = metadata_block(rng, year), title_lines(agency, year, lines, year_space)
    elif form == "doc_number":
        above, title = [doc_number(rng, agency, year)], [agency, f"{year}年{REPORT_NAME}"]
    elif form == "year_after":
        title = [agency, f"{REPORT_NAME}（{year}年度）"]
    elif form == "guanyu":
        title = [f"{agency}关于{year}年度政府信息公开工作情况的报告"]
    elif form == "cn_year":
        title = [agency, f"{cn_year(year)}年{REPORT_NAME}"]
    elif form == "spaced_year":
        title = [agency, f"{' '.join(str(year))} 年{REPORT_NAME}"]
    elif form == "cover":
        title = title_lines(agency, year, lines, year_space)
        cover = ["★", f"{cn_year(year + 1)}年{CN_MONTHS[rng.randint(0, 2)]}月"]
    else:
        title = title_lines(agency, year, lines, year_space)
    return above, title, cover


def signature(rng: random.Random, agency: str, year: int) -> list[str]:
    """The signing agency and the date under the last section."""
    return [agency, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]


def adapt(paragraph: str, agency: str, year: int) -> str:
    """A seed paragraph retold by another agency in another year."""
    return paragraph.replace("我厅", pronoun(agency)).replace("2019", str(year))


def intro(agency: str, year: int, rng: random.Random) -> str:
    site = rng.choice(["门户网站", "政府网站", "政务公开专栏"])
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》（国令第711号，以下简称《条例》）和"
        f"《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
        f"要求编制。本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在{agency}{site}"
        f"下载。如对本报告有疑问，请与{agency}办公室联系（电话：0{rng.randint(510, 799)}-"
        f"{rng.randint(2000000, 8999999)}）。"
    )


def summary(values: dict, year: int, agency: str) -> str:
    """一、总体情况 quotes some of the tables' numbers, as real reports do."""
    req = values["requests"]
    new = req["new_requests"]["total"]
    granted = req["granted"]["total"]
    return (
        f"（二）依申请公开。{year}年，{pronoun(agency)}共收到政府信息公开申请{new}件，"
        f"上年结转{req['carried_over']['total']}件，其中予以公开{granted}件，"
        f"部分公开{req['partially_granted']['total']}件，结转下年度继续办理{req['carried_forward']['total']}件。"
        f"全年未收取任何信息处理费。"
    )


# Generic sentences for padding, so that long bodies do not repeat a few seed sentences.
GENERIC = (
    "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。",
    "严格落实政府信息公开保密审查制度，做到先审查、后公开。",
    "及时更新政府信息公开指南和主动公开目录，方便公众查阅。",
    "围绕重点工作和社会关切，做好政策解读和回应工作。",
    "进一步规范依申请公开办理流程，确保按时答复、依法答复。",
    "加强政府网站和政务新媒体管理，提升信息发布质量。",
    "做好政府信息公开工作人员业务培训，提升工作能力和水平。",
    "将政务公开工作纳入年度工作考核，压实工作责任。",
    "加强对政策文件的解读，通过图解、问答等形式进行解读。",
    "全年未发生因政府信息公开引发的重大舆情事件。",
    "持续推进基层政务公开标准化规范化建设。",
    "按照要求做好预决算、重大建设项目等领域信息公开工作。",
)


def _sentences(paragraphs: list[str]) -> list[str]:
    """Whole sentences (ending in 。) of paragraphs, numbered headings left out."""
    out = []
    for p in paragraphs:
        out += [x + "。" for x in p.split("。") if len(x) > 12 and not HEADING.match(x)]
    return out


def body(rng: random.Random, agency: str, year: int, count: int, budget: int, length: int) -> list[str]:
    """Seed paragraphs of 一、总体情况, retold, about `length` characters in all.

    Each distinct character costs an embedded glyph (several hundred bytes for
    the CFF fonts LibreOffice converts to Type 1), so at most `count` seed
    paragraphs are drawn under a budget of distinct characters; the rest of the
    length is made of their sentences reshuffled, which adds no glyph.
    """
    pool = seed_sections()[1]
    chars: set[str] = set()
    picked = []
    for i in rng.sample(range(len(pool)), len(pool)):
        if len(picked) == count:
            break
        grown = chars | set(pool[i])
        if len(grown) <= budget:
            chars = grown
            picked.append(i)
    paras = [adapt(pool[i], agency, year) for i in sorted(picked)]
    sentences = _sentences(paras) + [adapt(x, agency, year) for x in GENERIC]
    while sentences and sum(map(len, paras)) < length:
        paras.append("".join(rng.sample(sentences, min(len(sentences), rng.randint(2, 5)))))
    return paras


def problems(rng: random.Random, agency: str, year: int, seed_text: bool) -> list[str]:
    seed = seed_sections()[5]
    generic = (f"{year}年，{pronoun(agency)}政府信息公开工作取得了一定成效，但仍存在公开内容不够全面、"
               f"政策解读形式较为单一等问题。下一步，将进一步加强工作人员业务培训，规范依申请公开办理流程，"
               f"提升政府信息公开工作质量。")
    return [adapt(p, agency, year) for p in seed] if seed_text and rng.random() < 0.5 else [generic]


def others(rng: random.Random, agency: str, year: int, none: bool) -> list[str]:
    if none:
        return [adapt(seed_sections()[6][0], agency, year)] if rng.random() < 0.5 else []
    return [rng.choice([
        f"{year}年度，{pronoun(agency)}未收取信息处理费。",
        "本年度无其他需要报告的事项。",
        f"根据《政府信息公开信息处理费管理办法》，{pronoun(agency)}{year}年度未发出收费通知，未收取信息处理费。",
    ])]
