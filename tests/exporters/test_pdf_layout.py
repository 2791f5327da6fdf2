"""Table text in PDFs: lines break at spaces only, and columns are wide enough for their longest words."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.exporters.fonts import BOLD, REGULAR, register_fonts
from app.exporters.pdf import BODY_SIZE, column_widths, wrap
from app.i18n import unbroken


def test_a_date_kept_unbroken_stays_on_one_line_and_plain_spaces_still_break() -> None:
    register_fonts()
    text = f"Signed {unbroken('20 апр. 2010 г.')} in Tashkent"
    lines = wrap(text, 60).split("\n")
    assert unbroken("20 апр. 2010 г.") in lines  # whole, on its own line
    assert all(line.strip() for line in lines)
    assert wrap("Национальная библиотека Узбекистана", 70).split("\n") == ["Национальная", "библиотека", "Узбекистана"]


def test_columns_widen_to_their_longest_word_taking_room_from_the_others() -> None:
    register_fonts()
    headers = ["No.", "Командированные", "Title"]
    rows = [["1", "12", "Меморандум о взаимопонимании с Национальной библиотекой Кыргызской Республики"]]
    widths = column_widths(headers, rows, [1, 1, 8], 300)
    assert abs(sum(widths) - 300) < 0.01
    assert widths[1] >= stringWidth("Командированные", BOLD, BODY_SIZE) + 6
    assert widths[2] >= stringWidth("взаимопонимании", REGULAR, BODY_SIZE) + 6
    assert widths[0] < widths[1] < widths[2]


def test_when_the_words_cannot_all_fit_the_proportions_are_kept() -> None:
    register_fonts()
    widths = column_widths(["Aaaaaaaaaaaaaaaaaaaa", "Bbbbbbbbbbbbbbbbbbbbbbb", "Cccccccccccccccccc"], [], [1, 3, 4], 40)
    assert widths == [5, 15, 20]
