import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import clean, match_active_row, match_header, match_request_row, split_numbering


def test_clean_unifies_width_spaces_and_kangxi_radicals():
    assert clean("（三）不予公开") == "(三)不予公开"
    assert clean("行 政 许 可") == "行政许可"
    assert clean("⾏政处罚") == "行政处罚"  # U+2F8F KANGXI RADICAL WALK


@pytest.mark.parametrize("label,kind,core", [
    ("1.属于国家秘密", "item", "属于国家秘密"),
    ("1、属于国家秘密", "item", "属于国家秘密"),
    ("（1）属于国家秘密", "item", "属于国家秘密"),
    ("（三）不予公开", "group", "不予公开"),
    ("一、本年新收政府信息公开申请数量", "section", "本年新收政府信息公开申请数量"),
    ("规章", None, "规章"),
])
def test_numbering_styles(label, kind, core):
    n = split_numbering(label)
    assert (n.kind, n.core) == (kind, core)


@pytest.mark.parametrize("parts,row", [
    (["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"], "denied_state_secret"),
    (["三、本年度办理结果", "（三）不予公开", "2.其他法律行政止公开"], "denied_prohibited_by_law"),  # typo
    (["（三）不予公开", "5.属于三类内容事务信息"], "denied_internal_affairs"),  # typo
    (["（二）部分公开（区分处理的，只计这一情况，不计其他情形）"], "partially_granted"),
    (["（五）不予处理", "4.无正当理由大量反复 申请"], "unprocessed_repetitive"),
    (["三、本年度办理结果", "（六）其他处理"], "other_handling"),
    (["（六）其他处理", "3.其他"], "other_other"),
    (["（七）总计"], "total_handled"),
    (["四、结转下年度继续办理"], "carried_forward"),
    (["三、本年度办理结果", "（三）不予公开"], "denied_total"),
    # an unruled scan read the group's cell on the item's line, after it: the item's row, not
    # a second 不予公开 total
    (["5.属于三类内部理事务信息（三）不予公开"], "denied_internal_affairs"),
    (["（四）无法提供2.没有现成信息需要另行制作"], "unavailable_needs_creation"),
])
def test_request_rows(parts, row):
    assert match_request_row(parts).row == row


def test_group_context_disambiguates_numbered_items():
    # "3." alone under （六）is 其他; the carried group says which list it belongs to
    assert match_request_row(["3.其他"], context_group="other").row == "other_other"
    assert match_request_row(["1.本机关不掌握相关政府信息"], context_group="unavailable").group == "unavailable"


def test_unknown_row_is_not_forced():
    assert match_request_row(["五、本年度收取信息处理费"]).row is None
    assert match_active_row("其他主动公开文件") is None


def test_active_rows_with_notes_and_versions():
    assert match_active_row("规章(设区的市、自治州人民政府应提供相关数据)") == "rules"
    assert match_active_row("行政规范性文件") == "normative_documents"
    assert match_active_row("规范性文件") == "normative_documents"
    assert match_active_row("行 政 许 可") == "licensing"


def test_header_versions():
    assert {(m.id, m.template) for m in match_header("本年处理决定数量")} == {("decisions", "2021")}
    assert {(m.id, m.template) for m in match_header("处理决定数量")} == {("decisions", "2019")}
    assert {m.table for m in match_header("总 计")} == {"requests", "review_litigation"}
    assert match_header("其他")[0].id == "other_org"


def test_garbled_label_placed_by_its_numbering_in_its_group():
    # an OCR'd 1.属于国家秘密 under （三）不予公开; （七）总计 read as （七）计
    assert match_request_row(["（三）不予公开", "1.1于国家必密"]).row == "denied_state_secret"
    assert match_request_row(["三、本年度办理结果", "（七）计"]).row == "total_handled"
    # numbering alone is not enough: the words must still look like the row
    assert match_request_row(["（五）不予处理", "2.1申"]).row is None
    assert match_request_row(["五、本年度收取信息处理费"]).row is None


def test_a_label_cell_holding_its_group_words_or_cut_in_two():
    # a scan lost the rule between the group and the item cell
    assert match_request_row(["三、本年度办理结果（三）不予公开7、属于行政执法卷"]).row == "denied_enforcement_files"
    # a wrapped label that came in two pieces
    assert match_request_row(["二、上年结转政府信息公开", "请数量"]).row == "carried_over"


def test_ocr_misreadings_of_labels_and_headers():
    # 一 of a numbering read as the dash it looks like
    assert clean("—、本年新收政府信息公开申请数量") == "一、本年新收政府信息公开申请数量"
    assert match_request_row(["(—)予以公开"]).row == "granted"
    assert clean("—") == "—" and clean("3-5") == "3-5"  # a dash alone, or inside, stays
    assert clean("危及三安全—稳定") == "危及三安全一稳定"  # 一 between two characters, read as a dash
    # a stray quote and dash beside a spread label say nothing; pieces out of order (a
    # character of the vertical group label after the row's words) still find the row
    assert match_request_row(["3.危及“三安全稳 定", "年", "”", "-"], "denied").row == "denied_security_stability"
    # a four-character header with one character misread (末 for 未) is still that header
    assert match_header("尚末审结") == match_header("尚未审结") != ()
    assert match_header("尚末审") == match_header("尚未审")  # a fragment a page break cut
    assert match_header("尚审末末") == ()


def test_end_of_the_row_above_run_into_a_label():
    # an unruled scan: the last line of （二）部分公开（…不计其他情形） joined the next row's label
    assert match_request_row(["度办理结", "其他情形)属于国家秘密"], "results").row == "denied_state_secret"


def test_two_rows_labels_run_together_match_neither():
    assert match_request_row(["三", "(一)予以公开", "（二）部分公开（区分处"]).row is None
    assert match_request_row(["（三）不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开"]).row is None
    assert match_request_row(["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]).row == "denied_state_secret"


def test_no_two_template_labels_are_one_character_apart():
    from pipeline.normalize import _all_label_cores

    cores = [c for c in _all_label_cores() if len(c) >= 4]
    for i, a in enumerate(cores):
        for b in cores[i + 1:]:
            assert len(a) != len(b) or sum(x != y for x, y in zip(a, b, strict=True)) != 1, (a, b)


def test_a_label_with_one_character_misread_still_matches():
    assert match_request_row(["三、本年度办理结果", "（三）六予公开"]).row == "denied_total"
    assert match_request_row(["（四）无法提供", "2.没有现成信息需要另行制做"]).row == "unavailable_needs_creation"


# label_fit takes the best over the template's labels in rapidfuzz's loop; it must be the
# best of `similarity` one label at a time, misreadings and notes included
_LABEL_TEXT = st.text(alphabet="不予公开属于国家秘密其他法律行政规章规范性文件的(（)）1.、口六", max_size=14)


@settings(max_examples=300, deadline=None)
@given(printed=_LABEL_TEXT)
def test_best_similarity_is_the_best_of_one_label_at_a_time(printed):
    from pipeline.normalize import _all_label_cores, best_similarity, similarity

    officials = _all_label_cores()
    assert best_similarity(printed, officials) == max(similarity(printed, o) for o in officials)


@pytest.mark.parametrize("label", ["不予公开", "六予公开", "属于国家秘密(注)", "规章", "口口口"])
def test_partial_label_fit_is_the_best_of_one_label_at_a_time(label):
    from rapidfuzz import fuzz

    from pipeline.normalize import _all_label_cores, label_fit, similarity, split_numbering

    core = split_numbering(label).core
    expected = max(fuzz.partial_ratio(core, o) if len(core) <= len(o) else similarity(core, o)
                   for o in _all_label_cores())
    assert label_fit(label, partial=True) == expected


def test_a_spread_label_read_in_pieces_after_a_group_labels_character():
    """OCR read （三）不予公开 spread over its cell as three boxes, after 本 of 三、本年度办理结果
    set a character a line: the pieces are one label; their last two alone (予公开) fit
    予以公开, a row read already."""
    assert match_request_row(["本", "（三）不", "予公", "开"], "results").row == "denied_total"


def test_an_items_spread_label_read_in_pieces_after_its_numbering():
    assert match_request_row(["（3）", "危及", "“三", "安全—稳定”"], "denied").row == "denied_security_stability"


def test_an_items_wrapped_label_with_a_stray_piece_between_its_lines():
    """1、属于国家 / 秘 密 wrapped, the end of the row above's note (形 )) read between the two
    lines, beside the group label's characters: the item's part and its later line are its
    label."""
    parts = ["本", "年", "其", "(三)不予公开", "1、 属于国家", "形 )", "秘 密"]
    assert match_request_row(parts, "results").row == "denied_state_secret"
