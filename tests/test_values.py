import pytest

from pipeline.values import parse_value


@pytest.mark.parametrize("raw,col,expected", [
    ("12", "total", (12.0, "number")),
    ("1,234", "total", (1234.0, "number")),
    ("１２", "total", (12.0, "number")),
    ("-2", "change", (-2.0, "number")),
    ("+1036", "change", (1036.0, "number")),
    ("3435.54 万元", "procurement_amount", (3435.54, "number")),
    ("3435.54\n万元", "procurement_amount", (3435.54, "number")),
    ("251000元", "fee_amount", (25.1, "number")),
    ("5949.088667", "fee_amount", (5949.088667, "number")),
    ("", "total", (None, "blank")),
    ("  ", "total", (None, "blank")),
    ("/", "total", (None, "dash")),
    ("-", "total", (None, "dash")),
    ("—", "total", (None, "dash")),
    ("－", "total", (None, "dash")),
    ("无", "total", (None, "text")),
    ("12件", "total", (12.0, "number")),
    ("约12", "total", (None, "text")),
    ("1.2.3", "total", (None, "text")),
])
def test_parse_value(raw, col, expected):
    assert parse_value(raw, col) == expected
