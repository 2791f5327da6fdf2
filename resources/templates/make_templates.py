"""Builds the letter templates (``<language>/<template>.docx``) that Hamkor ships; the office edits its own copies
in Word. Run from the source tree: ``python resources/templates/make_templates.py``.

Each template is a Word document with Jinja tags (docxtpl): ``{{ value }}`` in the text, ``{%tr for … %}`` for the
rows of a table. Uzbek Cyrillic is the Uzbek Latin text transliterated (the tags stay as they are). The values each
template may use are listed in ``README.md`` beside this file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from app.text.translit import uz_latin_to_cyrillic  # noqa: E402

LEFT, CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, (
    WD_ALIGN_PARAGRAPH.JUSTIFY)  # fmt: skip

#: Per language: the words every letter shares.
COMMON = {
    "en": {"number": "No. {{ number }}, {{ date }}", "officer": "{% if officer %}Officer in charge: {{ officer }}{% endif %}"},
    "ru": {"number": "№ {{ number }} от {{ date }}", "officer": "{% if officer %}Исполнитель: {{ officer }}{% endif %}"},
    "uz": {"number": "{{ date }} № {{ number }}", "officer": "{% if officer %}Ijrochi: {{ officer }}{% endif %}"},
}

#: Per template and language: title, paragraphs, and (for a list of people) the table's headings and row cells.
TEXTS = {
    "invitation": {
        "en": ("Invitation", [
            "Dear colleagues,",
            "{{ organisation }} has the honour to invite the delegation of {{ partner }} ({{ countries }}) to visit "
            "the library ({{ dates }}).",
            "Purpose of the visit: {{ purpose }}",
            "{% if host_department %}The delegation will be hosted by: {{ host_department }}.{% endif %}",
            "Members of the delegation:",
            "TABLE",
            "We kindly ask the competent authorities to support the issue of entry visas to the members of the "
            "delegation. The library takes responsibility for the programme of their stay.",
        ], ["No.", "Full name", "Position", "Citizenship", "Passport number", "Date of birth"]),
        "ru": ("Приглашение", [
            "Уважаемые коллеги!",
            "{{ organisation }} имеет честь пригласить делегацию ({{ partner }}, {{ countries }}) посетить "
            "библиотеку ({{ dates }}).",
            "Цель визита: {{ purpose }}",
            "{% if host_department %}Принимающее подразделение: {{ host_department }}.{% endif %}",
            "Состав делегации:",
            "TABLE",
            "Просим оказать содействие в оформлении въездных виз членам делегации. Библиотека гарантирует "
            "выполнение программы их пребывания.",
        ], ["№", "Ф. И. О.", "Должность", "Гражданство", "Номер паспорта", "Дата рождения"]),
        "uz": ("Taklifnoma", [
            "Hurmatli hamkasblar!",
            "{{ organisation }} delegatsiyani ({{ partner }}, {{ countries }}) kutubxonaga tashrif buyurishga "
            "taklif etadi ({{ dates }}).",
            "Tashrif maqsadi: {{ purpose }}",
            "{% if host_department %}Qabul qiluvchi boʻlim: {{ host_department }}.{% endif %}",
            "Delegatsiya tarkibi:",
            "TABLE",
            "Delegatsiya aʼzolariga kirish vizalarini rasmiylashtirishda koʻmaklashishingizni soʻraymiz. Kutubxona "
            "ularning tashrif dasturi bajarilishini kafolatlaydi.",
        ], ["№", "F. I. Sh.", "Lavozimi", "Fuqaroligi", "Pasport raqami", "Tugʻilgan sanasi"]),
    },
    "thanks": {
        "en": ("Letter of thanks", [
            "Dear colleagues,",
            "{{ organisation }} sincerely thanks you for the visit of the delegation of {{ partner }} to our library "
            "({{ dates }}).",
            "{% if outcomes %}Results of the visit: {{ outcomes }}{% endif %}",
            "We look forward to continuing our fruitful cooperation.",
        ], None),
        "ru": ("Благодарственное письмо", [
            "Уважаемые коллеги!",
            "{{ organisation }} выражает искреннюю благодарность за визит делегации ({{ partner }}) в нашу "
            "библиотеку ({{ dates }}).",
            "{% if outcomes %}Итоги визита: {{ outcomes }}{% endif %}",
            "Надеемся на дальнейшее плодотворное сотрудничество.",
        ], None),
        "uz": ("Minnatdorchilik xati", [
            "Hurmatli hamkasblar!",
            "{{ organisation }} delegatsiyangiz ({{ partner }}) kutubxonamizga tashrif buyurgani uchun samimiy "
            "minnatdorchilik bildiradi ({{ dates }}).",
            "{% if outcomes %}Tashrif natijalari: {{ outcomes }}{% endif %}",
            "Samarali hamkorligimizni davom ettirishga umid qilamiz.",
        ], None),
    },
    "memo": {
        "en": ("Memo", [
            "To: {{ signatory_title }} {{ signatory_name }}",
            "Subject: business trip — {{ trip }}",
            "I request permission for the business trip of the following employees:",
            "TABLE",
            "Destination: {{ place }}",
            "{% if host %}Host organisation: {{ host }}{% endif %}",
            "Dates: {{ dates }}",
            "Purpose: {{ purpose }}",
            "{% if paper %}Paper: “{{ paper }}”{% endif %}",
            "Funding: {{ funding }}",
            "{% if report_due %}Report on the trip due: {{ report_due }}{% endif %}",
        ], ["No.", "Full name", "Position", "Department"]),
        "ru": ("Служебная записка", [
            "Кому: {{ signatory_title }} {{ signatory_name }}",
            "Тема: служебная командировка — {{ trip }}",
            "Прошу разрешить служебную командировку следующих сотрудников:",
            "TABLE",
            "Место назначения: {{ place }}",
            "{% if host %}Принимающая организация: {{ host }}{% endif %}",
            "Сроки: {{ dates }}",
            "Цель: {{ purpose }}",
            "{% if paper %}Доклад: «{{ paper }}»{% endif %}",
            "Финансирование: {{ funding }}",
            "{% if report_due %}Отчёт о командировке представить до: {{ report_due }}{% endif %}",
        ], ["№", "Ф. И. О.", "Должность", "Подразделение"]),
        "uz": ("Xizmat xati", [
            "Kimga: {{ signatory_title }} {{ signatory_name }}",
            "Mavzu: xizmat safari — {{ trip }}",
            "Quyidagi xodimlarning xizmat safariga ruxsat berishingizni soʻrayman:",
            "TABLE",
            "Manzil: {{ place }}",
            "{% if host %}Qabul qiluvchi tashkilot: {{ host }}{% endif %}",
            "Muddati: {{ dates }}",
            "Maqsadi: {{ purpose }}",
            "{% if paper %}Maʼruza: «{{ paper }}»{% endif %}",
            "Moliyalashtirish: {{ funding }}",
            "{% if report_due %}Safar hisobotini topshirish muddati: {{ report_due }}{% endif %}",
        ], ["№", "F. I. Sh.", "Lavozimi", "Boʻlim"]),
    },
    "approval": {
        "en": ("On the approval of a draft", [
            "{{ organisation }} sends you for approval the draft “{{ agreement }}” ({{ agreement_kind }}; parties: "
            "{{ parties }}).",
            "We kindly ask you to consider the draft and to let us know your opinion{% if reply_due %} by "
            "{{ reply_due }}{% endif %}.",
            "Enclosure: the draft text.",
        ], None),
        "ru": ("О согласовании проекта документа", [
            "{{ organisation }} направляет на согласование проект документа «{{ agreement }}» ({{ agreement_kind }}; "
            "стороны: {{ parties }}).",
            "Просим рассмотреть проект и сообщить Ваше заключение{% if reply_due %} до {{ reply_due }}{% endif %}.",
            "Приложение: проект документа.",
        ], None),
        "uz": ("Hujjat loyihasini kelishish toʻgʻrisida", [
            "{{ organisation }} «{{ agreement }}» hujjati loyihasini ({{ agreement_kind }}; tomonlar: {{ parties }}) "
            "kelishish uchun yuboradi.",
            "Loyihani koʻrib chiqib, xulosangizni{% if reply_due %} {{ reply_due }} sanasigacha{% endif %} maʼlum "
            "qilishingizni soʻraymiz.",
            "Ilova: hujjat loyihasi.",
        ], None),
    },
}

#: The cells of a table row per template (the loop variable is `person`).
ROWS = {
    "invitation": ("{{ person.number }}", "{{ person.name }}", "{{ person.position }}", "{{ person.citizenship }}",
                   "{{ person.passport }}", "{{ person.birth_date }}"),
    "memo": ("{{ person.number }}", "{{ person.name }}", "{{ person.position }}", "{{ person.department }}"),
}  # fmt: skip
LIST_NAME = {"invitation": "members", "memo": "travellers"}

_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def cyrillic(text: str) -> str:
    """Uzbek Latin text in Cyrillic letters, its Jinja tags untouched."""
    return "".join(part if _TAG.fullmatch(part) else uz_latin_to_cyrillic(part) for part in _TAG.split(text))


def _paragraph(document, text: str, align=LEFT, *, bold: bool = False, size: float = 12, after: float = 6):  # noqa: ANN001, ANN202
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    return paragraph


def build(template: str, language: str, target: Path) -> None:
    """One template in one language."""
    source = "uz" if language == "uz-Cyrl" else language
    convert = cyrillic if language == "uz-Cyrl" else (lambda text: text)
    title, paragraphs, headings = TEXTS[template][source]
    common = COMMON[source]
    document = Document()
    for section in document.sections:
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    _paragraph(document, "{{ organisation }}", CENTER, bold=True, size=14, after=12)
    _paragraph(document, convert(common["number"]), LEFT, after=12)
    if template != "memo":
        _paragraph(document, "{{ addressee }}", RIGHT, bold=True, after=18)
    _paragraph(document, convert(title), CENTER, bold=True, size=13, after=12)
    for text in paragraphs:
        if text == "TABLE":
            _table(document, template, [convert(h) for h in headings])
            continue
        _paragraph(document, convert(text), JUSTIFY)
    document.add_paragraph()
    if template == "memo":
        _paragraph(document, "{{ officer_position }}    {{ officer }}", LEFT)
    else:
        _paragraph(document, "{{ signatory_title }}    {{ signatory_name }}", LEFT, bold=True)
        _paragraph(document, convert(common["officer"]), LEFT, size=9)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))


def _table(document, template: str, headings: list[str]) -> None:  # noqa: ANN001
    """A table with a heading row and one row per person (docxtpl's {%tr %} rows around the data row)."""
    cells = ROWS[template]
    table = document.add_table(rows=3, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, heading in enumerate(headings):
        cell = table.rows[0].cells[column]
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(10)
    table.rows[1].cells[0].text = f"{{%tr for person in {LIST_NAME[template]} %}}"
    for column, text in enumerate(cells):
        table.rows[2].cells[column].text = text
        for run in table.rows[2].cells[column].paragraphs[0].runs:
            run.font.size = Pt(10)
    document.add_paragraph()
    row = table.add_row()
    row.cells[0].text = "{%tr endfor %}"


def main() -> None:
    for template in TEXTS:
        for language in ("uz", "uz-Cyrl", "ru", "en"):
            build(template, language, HERE / language / f"{template}.docx")
    print("templates written to", HERE)


if __name__ == "__main__":
    main()
