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


# Long reports (generate --long): what real reports dwell on, a group of sentences per topic, the
# first one leading a paragraph; 我厅 and 2019 become the agency's pronoun and year (adapt).
TOPICS = {
    "intro": ((
        "2019年，我厅在上级机关的坚强领导下，深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署。",
        "我厅认真贯彻执行新修订的《中华人民共和国政府信息公开条例》，坚持以人民为中心的发展思想。",
        "围绕中心工作和群众关切，不断加大政府信息公开力度，着力提升政务公开质量和实效。",
        "全年政府信息公开工作总体平稳有序，公开内容更加全面，公开渠道更加畅通。",
        "各业务科室和下属单位按照职责分工，落实政务公开各项任务，形成了上下联动、协同推进的工作格局。",
    ),),
    "1": ((
        "在主动公开方面，我厅通过门户网站主动公开政府信息，涵盖机构职能、政策文件、规划计划、财政预决算等内容。",
        "严格按照主动公开目录，及时公开行政许可、行政处罚等执法信息，做到应公开尽公开。",
        "对涉及群众切身利益的重要政策文件，在出台后及时同步发布政策解读材料。",
        "围绕就业、教育、医疗、社会保障等民生领域，持续加大信息公开力度。",
        "规范性文件实行统一登记、统一编号、统一公开，确保公开的文件合法有效。",
        "全年召开新闻发布会，主要负责同志带头解读重要政策，回应社会关切。",
    ), (
        "在依申请公开方面，我厅进一步规范政府信息公开申请的受理、审查、答复等环节，确保依法依规按时答复。",
        "对收到的政府信息公开申请逐件登记，建立办理台账，明确承办责任人和办理时限。",
        "对申请内容不明确的，及时告知申请人作出补正，并说明需要补正的事项和合理的补正期限。",
        "对于申请公开的信息涉及第三方权益的，依法书面征求第三方意见。",
        "办理过程中注重与申请人的沟通，耐心做好解释说明工作，有效减少了行政复议和行政诉讼的发生。",
        "全年未发生因依申请公开答复不当被纠错的情况。",
    ), (
        "在政府信息管理方面，我厅严格落实政府信息公开保密审查制度，坚持先审查、后公开，一事一审、全面审查。",
        "动态调整主动公开基本目录，对已公开的政府信息定期进行梳理和更新。",
        "开展规范性文件清理工作，对已废止、失效的文件及时在门户网站上作出标注。",
        "建立健全政府信息公开发布审核机制，明确信息发布的审核流程和责任分工。",
        "加强政府信息公开工作档案管理，做到依申请公开办理材料一件一档。",
    ), (
        "在政务公开平台建设方面，我厅持续加强门户网站建设，优化栏目设置，完善政府信息公开专栏。",
        "充分发挥政务新媒体传播速度快、覆盖面广的优势，及时发布权威信息。",
        "加强政务服务大厅政务公开专区建设，为群众提供政府信息查阅、咨询等服务。",
        "推进政务公开与政务服务深度融合，实现办事指南、办理流程、办理结果网上公开。",
        "定期开展网站和政务新媒体自查，及时整改错链、断链和内容更新不及时等问题。",
    ), (
        "在监督保障方面，我厅成立了政务公开工作领导小组，主要负责同志任组长，分管负责同志具体抓。",
        "将政务公开工作纳入年度绩效考核，定期通报工作进展情况，压实工作责任。",
        "组织开展政府信息公开业务培训，提升工作人员依法公开的意识和能力。",
        "主动接受社会监督，畅通意见建议反映渠道，认真听取和回应群众的意见建议。",
        "全年未发生因政府信息公开工作引起的责任追究情况。",
    )),
    "5": ((
        "对照《条例》要求和群众期盼，我厅政府信息公开工作还存在一些不足。",
        "政策解读的形式还不够丰富，解读的深度和针对性有待进一步增强。",
        "政府信息公开工作人员多为兼职，业务能力和水平与新形势新要求还有一定差距。",
        "基层政务公开标准化规范化建设有待进一步深化，公开内容还不够全面。",
        "依申请公开办理的规范化程度还需提高，答复文书的说理性有待加强。",
        "政务新媒体的互动交流功能发挥不够充分，回应社会关切还不够及时。",
    ), (
        "下一步，我厅将进一步提高思想认识，把政务公开工作摆在更加突出的位置。",
        "丰富政策解读形式，综合运用图片图表、音频视频等方式，提升解读效果。",
        "加强工作人员业务培训，组织学习《条例》和相关规定，提升依法公开的能力和水平。",
        "规范依申请公开办理流程，完善答复文书格式，确保答复内容合法、规范、准确。",
        "加强监督检查，定期对政务公开工作开展情况进行检查，推动各项工作落到实处。",
    )),
    "6": ((
        "2019年，我厅承办的人大代表建议和政协委员提案均已按时办结，办理复文已按要求公开。",
        "对于涉及公共利益、公众权益的建议和提案办理复文，全文公开办理结果。",
        "代表和委员对办理工作的满意率达到较高水平。",
        "办理过程中加强与代表委员的沟通联系，认真吸纳合理意见建议。",
    ), (
        "我厅认真落实国务院办公厅政务公开工作要点和上级工作部署，逐项分解任务，明确责任单位和完成时限。",
        "各项工作要点均已按要求完成，相关情况在门户网站政府信息公开专栏予以公开。",
        "围绕重点领域信息公开要求，持续推进决策、执行、管理、服务、结果公开。",
        "我厅积极配合政务公开第三方评估，对发现的问题逐项整改。",
    ), (
        "按照《政府信息公开信息处理费管理办法》的规定，我厅2019年度未发出收费通知，未收取信息处理费。",
        "本年度我厅未发生因政府信息公开工作引发的重大舆情事件。",
        "全年未发生因政府信息公开工作被追究责任的情况。",
    )),
}


def prose(rng: random.Random, agency: str, year: int, section: str, base: list[str], length: int) -> list[str]:
    """`base` (a section's paragraphs) and about `length` characters more: paragraphs on a topic of
    TOPICS[section] each, its sentences reshuffled, led by its first one half of the time."""
    paras = list(base)
    goal = sum(map(len, paras)) + length
    while sum(map(len, paras)) < goal:
        lead, *rest = (adapt(x, agency, year) for x in rng.choice(TOPICS[section]))
        sentences = rng.sample(rest, rng.randint(2, len(rest)))
        paras.append("".join(([lead] if rng.random() < 0.5 else []) + sentences))
    return paras
