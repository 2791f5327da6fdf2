"""Builds the import corpus: workbooks laid out as offices keep their registers, each with the records it must give.

Run from the project root: `python tests/data/import_corpus/make_corpus.py` (add `--libreoffice` to save the files
marked so through LibreOffice, as an officer's copy would be). Each layout writes `<name>.xlsx` and adds its
expected records to `expected.json`: per file, the register of each table and the titles (and a few fields) of its
records, in sheet order.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
BOLD = Font(bold=True)
LAYOUTS: dict[str, Any] = {}
EXPECTED: dict[str, list[dict[str, Any]]] = {}
THROUGH_LIBREOFFICE = {"partners_word_paste", "agreements_terms", "plan_uz", "funding_ru"}


def layout(function: Any) -> Any:
    LAYOUTS[function.__name__] = function
    return function


def put(ws: Any, row: int, values: list[Any], *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        cell = ws.cell(row=row, column=column, value=value)
        if bold:
            cell.font = BOLD
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def merge(ws: Any, ref: str) -> None:
    ws.merge_cells(ref)


def expect(name: str, register: str, records: list[dict[str, Any]]) -> None:
    EXPECTED.setdefault(name, []).append({"register": register, "records": records})


@layout
def partners_two_row_header(wb: Workbook) -> None:
    """The issue's sheet: title lines, a two-row header (a group over Country and City, the rest merged down),
    numbered rows, trailing spaces, countries as people write them, a total and a signature."""
    ws = wb.active
    ws.title = "Партнёры"
    put(ws, 1, ["Список зарубежных партнёров Национальной библиотеки Узбекистана"])
    merge(ws, "A1:F1")
    put(ws, 2, ["по состоянию на 01.01.2024 г."])
    put(ws, 4, ["№ п/п", "Наименование организации", "Местонахождение", None, "Вид организации", "Сайт"], bold=True)
    put(ws, 5, [None, None, "Страна", "Город"], bold=True)
    for ref in ("A4:A5", "B4:B5", "C4:D4", "E4:E5", "F4:F5"):
        merge(ws, ref)
    rows = [
        [1, "Национальная библиотека Кореи  ", "Республика Корея", "Сеул", "национальная библиотека", "nl.go.kr"],
        [2, "Российская государственная библиотека", "Российская Федерация", "Москва", "библиотека", "rsl.ru"],
        [3, "Библиотека Конгресса", "США", "Вашингтон", "Библиотека", None],
        [4, "Британская библиотека", "Великобритания", "Лондон", "национальная библиотека", "bl.uk"],
        [5, "Национальная библиотека Китая", "КНР", "Пекин", "Национальная библиотека", None],
        [6, "Национальная библиотека Беларуси", "Белоруссия", "Минск", "национальная библиотека", "nlb.by"],
    ]
    for index, row in enumerate(rows, start=6):
        put(ws, index, row)
    put(ws, 13, ["Итого", None, None, None, None, "6"])
    put(ws, 15, [None, "Начальник отдела международных связей ____________ Каримов А.А."])
    expect("partners_two_row_header", "partners", [
        {"title": "Национальная библиотека Кореи", "country": "KR", "kind": "national_library", "city": "Сеул"},
        {"title": "Российская государственная библиотека", "country": "RU", "kind": "library"},
        {"title": "Библиотека Конгресса", "country": "US", "kind": "library"},
        {"title": "Британская библиотека", "country": "GB", "kind": "national_library"},
        {"title": "Национальная библиотека Китая", "country": "CN", "kind": "national_library"},
        {"title": "Национальная библиотека Беларуси", "country": "BY", "kind": "national_library"},
    ])


@layout
def partners_three_row_header(wb: Workbook) -> None:
    """A three-row header: a heading over the whole table body, groups under it, then the columns."""
    ws = wb.active
    ws.title = "Hamkorlar"
    put(ws, 1, ["Xorijiy hamkor tashkilotlar roʻyxati"])
    put(ws, 3, ["T/r", "Hamkor tashkilot maʼlumotlari"], bold=True)
    merge(ws, "B3:F3")
    put(ws, 4, [None, "Tashkilot nomi", "Joylashuvi", None, "Aloqa"], bold=True)
    merge(ws, "C4:D4")
    merge(ws, "E4:F4")
    put(ws, 5, [None, None, "Davlat", "Shahar", "Telefon", "E-mail"], bold=True)
    merge(ws, "B4:B5")
    merge(ws, "A3:A5")
    rows = [
        [1, "Qozogʻiston Milliy akademik kutubxonasi", "Qozogʻiston", "Astana", "+7 7172 000000", "info@nabrk.kz"],
        [2, "Ozarbayjon Milliy kutubxonasi", "Ozarbayjon Respublikasi", "Boku", None, None],
        [3, "Qirgʻiziston Milliy kutubxonasi", "Qirgʻiziston", "Bishkek", None, None],
        [4, "Latviya Milliy kutubxonasi", "Latviya", "Riga", None, "info@lnb.lv"],
    ]
    for index, row in enumerate(rows, start=6):
        put(ws, index, row)
    put(ws, 10, ["Jami", None, None, None, None, None])
    put(ws, 12, [None, "Xalqaro aloqalar boʻlimi boshligʻi ____________"])
    expect("partners_three_row_header", "partners", [
        {"title": "Qozogʻiston Milliy akademik kutubxonasi", "country": "KZ", "kind": "national_library"},
        {"title": "Ozarbayjon Milliy kutubxonasi", "country": "AZ", "kind": "national_library"},
        {"title": "Qirgʻiziston Milliy kutubxonasi", "country": "KG", "kind": "national_library"},
        {"title": "Latviya Milliy kutubxonasi", "country": "LV", "kind": "national_library",
         "email": "info@lnb.lv"},
    ])


@layout
def partners_word_paste(wb: Workbook) -> None:
    """A Word table pasted into Excel: a cell of two paragraphs became two rows, the others merged over them."""
    ws = wb.active
    ws.title = "Лист1"
    put(ws, 1, ["№", "Организация", "Страна", "Контактные данные"], bold=True)
    put(ws, 2, [1, "Национальная библиотека Латвии", "Латвия", "Рига, ул. Мукусалас 3"])
    put(ws, 3, [None, None, None, "тел. +371 67806100"])
    for ref in ("A2:A3", "B2:B3", "C2:C3"):
        merge(ws, ref)
    put(ws, 4, [2, "Национальная библиотека Ирана", "Исламская Республика Иран", "Тегеран"])
    put(ws, 5, [3, "Национальная библиотека Турции", "Турция", "Анкара"])
    put(ws, 6, [None, None, None, "milli.kutuphane@ktb.gov.tr"])
    for ref in ("A5:A6", "B5:B6", "C5:C6"):
        merge(ws, ref)
    expect("partners_word_paste", "partners", [
        {"title": "Национальная библиотека Латвии", "country": "LV"},
        {"title": "Национальная библиотека Ирана", "country": "IR"},
        {"title": "Национальная библиотека Турции", "country": "TR"},
    ])


@layout
def partners_name_with_country(wb: Workbook) -> None:
    """One cell for the partner and its country; kinds written as free text in Uzbek and English."""
    ws = wb.active
    ws.title = "Partners"
    put(ws, 1, ["No.", "Partner", "Type", "Active"], bold=True)
    rows = [
        [1, "Национальная библиотека Кореи (Республика Корея)", "milliy kutubxona", "ha"],
        [2, "Aichi University of the Arts (Japan)", "universitet", "yes"],
        [3, "Посольство США (США)", "посольство", "да"],
        [4, "Goethe-Institut Taschkent (Германия)", "cultural centre", "нет"],
        [5, "Kekelidze Georgian National Centre of Manuscripts (Georgia)", "museum", "+"],
    ]
    for index, row in enumerate(rows, start=2):
        put(ws, index, row)
    expect("partners_name_with_country", "partners", [
        {"title": "Национальная библиотека Кореи", "country": "KR", "kind": "national_library", "active": True},
        {"title": "Aichi University of the Arts", "country": "JP", "kind": "university"},
        {"title": "Посольство США", "country": "US", "kind": "diplomatic_mission"},
        {"title": "Goethe-Institut Taschkent", "country": "DE", "kind": "cultural_centre", "active": False},
        {"title": "Kekelidze Georgian National Centre of Manuscripts", "country": "GE", "kind": "archive_museum"},
    ])


@layout
def partners_two_tables(wb: Workbook) -> None:
    """Two tables on one sheet, each under its own title, Cyrillic and Latin mixed."""
    ws = wb.active
    ws.title = "Hamkorlar"
    put(ws, 1, ["1. Kutubxonalar"])
    put(ws, 2, ["№", "Nomi", "Mamlakat", "Shahar"], bold=True)
    put(ws, 3, [1, "Тожикистон Миллий кутубхонаси", "Тожикистон", "Душанбе"])
    put(ws, 4, [2, "Turkmaniston Davlat kutubxonasi", "Туркманистон", "Ashxobod"])
    put(ws, 7, ["2. Universitetlar"])
    put(ws, 8, ["№", "Nomi", "Mamlakat", "Shahar"], bold=True)
    put(ws, 9, [1, "Seul milliy universiteti", "Janubiy Koreya", "Seul"])
    put(ws, 10, [2, "Moskva davlat universiteti", "Rossiya", "Moskva"])
    expect("partners_two_tables", "partners", [
        {"title": "Тожикистон Миллий кутубхонаси", "country": "TJ", "kind": "national_library"},
        {"title": "Turkmaniston Davlat kutubxonasi", "country": "TM", "kind": "national_library"},
    ])
    expect("partners_two_tables", "partners", [
        {"title": "Seul milliy universiteti", "country": "KR", "kind": "university"},
        {"title": "Moskva davlat universiteti", "country": "RU", "kind": "university"},
    ])


@layout
def contacts_register(wb: Workbook) -> None:
    """Two sheets: the partners, then their contact people naming the partners of the first sheet."""
    ws = wb.active
    ws.title = "Организации"
    put(ws, 1, ["№", "Наименование", "Страна"], bold=True)
    put(ws, 2, [1, "Национальная библиотека Казахстана", "Казахстан"])
    put(ws, 3, [2, "Национальная библиотека Кыргызской Республики", "Кыргызстан"])
    contacts = wb.create_sheet("Контакты")
    put(contacts, 1, ["Контактные лица партнёров"])
    put(contacts, 3, ["№", "Ф.И.О.", "Должность", "Организация", "Телефон"], bold=True)
    put(contacts, 4, [1, "Омарова Айгуль", "заведующая отделом", "Национальная библиотека Казахстана", "+7 727"])
    put(contacts, 5, [2, "Асанов Бакыт", "директор", "Национальная библиотека Кыргызской Республики", None])
    expect("contacts_register", "partners", [
        {"title": "Национальная библиотека Казахстана", "country": "KZ"},
        {"title": "Национальная библиотека Кыргызской Республики", "country": "KG"},
    ])
    expect("contacts_register", "contacts", [
        {"title": "Омарова Айгуль", "partner": "Национальная библиотека Казахстана"},
        {"title": "Асанов Бакыт", "partner": "Национальная библиотека Кыргызской Республики"},
    ])


@layout
def agreements_terms(wb: Workbook) -> None:
    """Agreements as the register is kept in Word: dates written out, terms as "5 лет", parties with countries."""
    ws = wb.active
    ws.title = "Соглашения"
    put(ws, 1, ["Реестр соглашений о сотрудничестве"])
    put(ws, 3, ["№ п/п", "Наименование документа", "Партнёр", "Дата подписания", "Срок действия", "Статус"],
        bold=True)
    rows = [
        [1, "Меморандум о взаимопонимании", "Национальная библиотека Кореи (Республика Корея)",
         "20 апреля 2010 г.", "5 лет", "действует"],
        [2, "Соглашение о сотрудничестве", "Российская государственная библиотека (РФ)", "15.09.2016 г.",
         "бессрочно", "действует"],
        [3, "Договор о книгообмене", "Национальная библиотека Китая", "2018 yil 3 may", "до 20.04.2030",
         "подписан"],
    ]
    for index, row in enumerate(rows, start=4):
        put(ws, index, row)
    put(ws, 8, ["Всего: 3 документа"])
    expect("agreements_terms", "agreements", [
        {"title": "Меморандум о взаимопонимании", "kind": "mou", "signed_on": "2010-04-20",
         "valid_until": "2015-04-19", "parties": ["Национальная библиотека Кореи"]},
        {"title": "Соглашение о сотрудничестве", "kind": "agreement", "valid_until": None,
         "parties": ["Российская государственная библиотека"]},
        {"title": "Договор о книгообмене", "kind": "contract", "signed_on": "2018-05-03",
         "valid_until": "2030-04-20"},
    ])


@layout
def agreements_latin_parties(wb: Workbook) -> None:
    """Parties named in another script than the partners were registered in."""
    ws = wb.active
    ws.title = "Kelishuvlar"
    put(ws, 1, ["T/r", "Hujjat nomi", "Tomonlar", "Imzolangan sana", "Amal qilish muddati"], bold=True)
    put(ws, 2, [1, "Hamkorlik memorandumi", "Natsionalnaya biblioteka Kitaya", dt.datetime(2019, 6, 1), "3 yil"])
    put(ws, 3, [2, "Kelishuv", "Rossiyskaya gosudarstvennaya biblioteka; Natsionalnaya biblioteka Belarusi",
                43800, "muddatsiz"])
    expect("agreements_latin_parties", "agreements", [
        {"title": "Hamkorlik memorandumi", "kind": "memorandum_cooperation", "signed_on": "2019-06-01",
         "valid_until": "2022-05-31", "parties": ["Национальная библиотека Китая"]},
        {"title": "Kelishuv", "signed_on": "2019-12-01",
         "parties": ["Российская государственная библиотека", "Национальная библиотека Беларуси"]},
    ])


@layout
def projects_with_roles(wb: Workbook) -> None:
    """Projects with their partners and roles in one cell."""
    ws = wb.active
    ws.title = "Проекты"
    put(ws, 1, ["Международные проекты и программы"])
    put(ws, 3, ["№", "Наименование проекта", "Партнёры", "Начало", "Окончание", "Состояние"], bold=True)
    put(ws, 4, [1, "Окно в Корею", "Национальная библиотека Кореи (ведущая организация)", "12.05.2015", None,
                "реализуется"])
    put(ws, 5, [2, "Библиотеки в годы Второй мировой войны",
                "Российская государственная библиотека (координатор); Национальная библиотека Беларуси",
                "01.03.2019", "31.12.2021", "завершён"])
    expect("projects_with_roles", "projects", [
        {"title": "Окно в Корею", "status": "active", "start_on": "2015-05-12",
         "partners": [["Национальная библиотека Кореи", "lead"]]},
        {"title": "Библиотеки в годы Второй мировой войны", "status": "completed",
         "partners": [["Российская государственная библиотека", "coordinator"],
                      ["Национальная библиотека Беларуси", "participant"]]},
    ])


@layout
def funding_ru(wb: Workbook) -> None:
    """Grants with amounts written with spaces and commas between thousands."""
    ws = wb.active
    ws.title = "Гранты"
    put(ws, 1, ["Сведения о грантах и спонсорской помощи"])
    put(ws, 3, ["№", "Наименование гранта", "Донор", "Сумма", "Валюта", "Статус", "Дата получения"], bold=True)
    put(ws, 4, [1, "Оцифровка рукописей", "Национальная библиотека Кореи", "12 500,00", "USD", "получен",
                "01.02.2020"])
    put(ws, 5, [2, "Книги для центра «Окно в Корею»", "Национальная библиотека Кореи", "3,000", "USD",
                "заявка подана", None])
    put(ws, 6, ["Итого", None, None, "15 500,00"])
    expect("funding_ru", "funding", [
        {"title": "Оцифровка рукописей", "amount": "12500.00", "currency": "USD", "status": "awarded"},
        {"title": "Книги для центра «Окно в Корею»", "amount": "3000", "status": "applied"},
    ])


@layout
def plan_uz(wb: Workbook) -> None:
    """An annual plan in Uzbek: the year only in the title, quarters as "I chorak", sections between rows."""
    ws = wb.active
    ws.title = "Reja"
    put(ws, 1, ["Xalqaro hamkorlik boʻyicha 2024 yil uchun ish rejasi"])
    merge(ws, "A1:E1")
    put(ws, 3, ["T/r", "Tadbirlar nomi", "Ijro muddati", "Masʼul", "Bajarilishi"], bold=True)
    put(ws, 4, ["I. Tadbirlar"])
    merge(ws, "A4:E4")
    put(ws, 5, [1, "Xalqaro konferensiya oʻtkazish", "II chorak", None, "bajarildi"])
    put(ws, 6, [2, "Koreya milliy kutubxonasi delegatsiyasini qabul qilish", "III chorak", None, None])
    put(ws, 7, ["II. Kitob almashinuvi"])
    merge(ws, "A7:E7")
    put(ws, 8, [3, "Kitob almashinuvi boʻyicha hamkorlar bilan yozishma", "IV chorak", None, None])
    put(ws, 10, [None, "Direktor oʻrinbosari ____________"])
    expect("plan_uz", "plan", [
        {"title": "Xalqaro konferensiya oʻtkazish", "year": 2024, "quarter": 2, "status": "done"},
        {"title": "Koreya milliy kutubxonasi delegatsiyasini qabul qilish", "year": 2024, "quarter": 3},
        {"title": "Kitob almashinuvi boʻyicha hamkorlar bilan yozishma", "year": 2024, "quarter": 4},
    ])


@layout
def plan_ru(wb: Workbook) -> None:
    """An annual plan in Russian with a year column written as "2025 год"."""
    ws = wb.active
    ws.title = "План"
    put(ws, 1, ["№ п/п", "Мероприятие", "Год", "Квартал", "Отметка о выполнении"], bold=True)
    put(ws, 2, [1, "Подписание меморандума с Национальной библиотекой Латвии", "2025 год", "I квартал",
                "перенесено"])
    put(ws, 3, [2, "Выставка книг Узбекистана в Баку", "2025 год", "IV кв.", None])
    expect("plan_ru", "plan", [
        {"title": "Подписание меморандума с Национальной библиотекой Латвии", "year": 2025, "quarter": 1,
         "status": "moved"},
        {"title": "Выставка книг Узбекистана в Баку", "year": 2025, "quarter": 4},
    ])


@layout
def events_uz_cyrillic(wb: Workbook) -> None:
    """Events in Uzbek Cyrillic with dates written out and counts with spaces."""
    ws = wb.active
    ws.title = "Тадбирлар"
    put(ws, 1, ["№", "Тадбир номи", "Сана", "Ўтказилган жой", "Мамлакат", "Иштирокчилар сони"], bold=True)
    put(ws, 2, [1, "Халқаро илмий конференция", "2019 йил 20 апрел", "Кутубхонада", "Ўзбекистон", "1 200"])
    put(ws, 3, [2, "Китоб кўргазмаси", "12.10.2019", "Хорижда", "Жанубий Корея", "300"])
    expect("events_uz_cyrillic", "events", [
        {"title": "Халқаро илмий конференция", "start_on": "2019-04-20", "participants_total": 1200},
        {"title": "Китоб кўргазмаси", "start_on": "2019-10-12", "country": "KR"},
    ])


@layout
def visits_ru(wb: Workbook) -> None:
    """Incoming delegations with countries written every way."""
    ws = wb.active
    ws.title = "Делегации"
    put(ws, 1, ["Приём зарубежных делегаций в 2019 г."])
    put(ws, 3, ["№", "Делегация", "Дата визита", "Страна", "Цель визита"], bold=True)
    put(ws, 4, [1, "Делегация Национальной библиотеки Кореи", "15.03.2019 г.", "Южная Корея", "переговоры"])
    put(ws, 5, [2, "Делегация Библиотеки Конгресса", "20/05/2019", "Соединённые Штаты Америки", None])
    put(ws, 6, [3, "Делегация Британской библиотеки", "2019-09-02", "UK", None])
    put(ws, 8, ["Итого: 3 делегации"])
    expect("visits_ru", "visits", [
        {"title": "Делегация Национальной библиотеки Кореи", "arrived_on": "2019-03-15", "countries": ["KR"]},
        {"title": "Делегация Библиотеки Конгресса", "arrived_on": "2019-05-20", "countries": ["US"]},
        {"title": "Делегация Британской библиотеки", "arrived_on": "2019-09-02", "countries": ["GB"]},
    ])


@layout
def exchange_numbers(wb: Workbook) -> None:
    """Book exchange with counts and values written with separators, partners in the other script."""
    ws = wb.active
    ws.title = "Книгообмен"
    put(ws, 1, ["№", "Дата", "Партнёр", "Направление", "Книги", "Журналы", "Стоимость", "Валюта"], bold=True)
    put(ws, 2, [1, "05.02.2019", "Natsionalnaya biblioteka Kitaya", "отправлено", "1 250", "12", "2,500.50", "USD"])
    put(ws, 3, [2, "10.06.2019", "Национальная библиотека Кореи", "получено", 40, None, None, None])
    put(ws, 4, ["Всего", None, None, None, "1 290", "12"])
    expect("exchange_numbers", "exchange", [
        {"title": "Национальная библиотека Китая", "books": 1250, "direction": "sent"},
        {"title": "Национальная библиотека Кореи", "books": 40, "direction": "received"},
    ])


def build(directory: Path, libreoffice: bool) -> None:
    EXPECTED.clear()
    for name, function in LAYOUTS.items():
        workbook = Workbook()
        function(workbook)
        target = directory / f"{name}.xlsx"
        workbook.save(target)
        if libreoffice and name in THROUGH_LIBREOFFICE:
            with tempfile.TemporaryDirectory() as folder:
                profile = Path(folder) / "profile"
                subprocess.run(
                    ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                     "xlsx:Calc MS Excel 2007 XML", "--outdir", folder, str(target)],
                    check=True, capture_output=True, timeout=180,
                )
                shutil.copy(Path(folder) / target.name, target)
    (directory / "expected.json").write_text(
        json.dumps(EXPECTED, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    build(HERE, "--libreoffice" in sys.argv)
