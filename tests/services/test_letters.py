"""Letters written from records: every template in every language filled with the record's data (read back with
python-docx, no Jinja tag left), recorded in the journal with the document attached; the office's own templates;
the command line; LibreOffice's PDF where it is installed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from docx import Document

from app.exporters.docx import LEFTOVER_TAG, document_text
from app.i18n import _, set_language, translator_for
from app.models import Agreement, Attachment, BusinessTrip, DelegationVisit, Letter, Partner
from app.services import registry_settings
from app.services.correspondence import letters
from app.services.correspondence.letters import LETTER_LANGUAGES, TEMPLATES, write_letter
from app.services.correspondence.office import convert_to_pdf, libreoffice
from app.services.registers.records import save_values

TODAY = dt.date(2019, 6, 3)

#: What each language's letter says of the sample records (the partner's name as the language writes it).
PARTNER = {"en": "National Library of Korea", "ru": "Национальная библиотека Кореи", "uz": "Koreya Milliy kutubxonasi",
           "uz-Cyrl": "Корея Миллий кутубхонаси"}  # fmt: skip


@pytest.fixture
def records(database) -> dict[str, int]:  # noqa: ANN001
    """A visit with members (one with visa data), a trip, a draft agreement and a ministry."""
    korea = Partner.create(name_en=PARTNER["en"], name_ru=PARTNER["ru"], name_uz=PARTNER["uz"], kind="national_library",
                           country="KR")  # fmt: skip
    ministry = Partner.create(name_en="Ministry of Foreign Affairs", name_ru="Министерство иностранных дел",
                              name_uz="Tashqi ishlar vazirligi", kind="government_body", country="UZ")  # fmt: skip
    visit = save_values("visits", {"title": "Delegation of the National Library of Korea", "arrived_on": TODAY,
                                   "departed_on": TODAY + dt.timedelta(days=2), "countries": ["KR"],
                                   "partners": [korea.id], "purpose": "Window to Korea",
                                   "members": [("Kim Min-jun", "Director", "KR", "M12345678", dt.date(1975, 6, 1)),
                                               ("Lee Ji-eun", "Librarian", None, "", None)]})  # fmt: skip
    employee = save_values("employees", {"full_name": "Dilnoza Karimova", "position": "Chief librarian"})
    trip = save_values("trips", {"title": "Rumyantsev Readings", "travellers": [employee], "country": "RU",
                                 "city": "Moscow", "start_on": TODAY, "purpose": "conference",
                                 "funding_source": "host", "paper_title": "Manuscripts of Navoi"})  # fmt: skip
    agreement = save_values("agreements", {"title": {"en": "Memorandum with Korea", "ru": "Меморандум с Кореей",
                                                     "uz": "Koreya bilan memorandum"}, "kind": "mou",
                                           "status": "draft", "parties": [korea.id]})  # fmt: skip
    registry_settings.put({"signatory.name.en": "Umid Karimov", "signatory.title.en": "Director General"})
    return {"visits": visit, "trips": trip, "agreements": agreement, "ministry": ministry.id}


@pytest.mark.parametrize("language", LETTER_LANGUAGES)
@pytest.mark.parametrize("template", list(TEMPLATES))
def test_each_template_renders_in_each_language(records, tmp_path: Path, template: str, language: str) -> None:  # noqa: ANN001
    register = TEMPLATES[template].register
    target = tmp_path / f"{template}-{language}.docx"
    with translator_for(language).in_use():
        written = write_letter(template=template, record_id=records[register], language=language, target=target,
                               today=TODAY)  # fmt: skip
    text = document_text(written.path)
    assert not LEFTOVER_TAG.search(text), text
    assert written.number == "01-12/1" and "01-12/1" in text
    if register == "visits":
        assert PARTNER[language] in text
    if template == "invitation":
        assert "Kim Min-jun" in text and "M12345678" in text and "01.06.1975" in text and "Lee Ji-eun" in text
    if template == "memo":
        assert "Dilnoza Karimova" in text and "Manuscripts of Navoi" in text
    if template == "approval":
        assert records["ministry"] == Letter.get().partner_id
        assert {"en": "Memorandum with Korea", "ru": "Меморандум с Кореей"}.get(language, "") in text
    if language == "en":
        assert "Umid Karimov" in text and "Director General" in text
    letter = Letter.get()
    assert (letter.direction, letter.our_number, letter.our_date, letter.language) == ("outgoing", "01-12/1", TODAY,
                                                                                        language)  # fmt: skip
    assert [(link.register, link.record_id) for link in letter.links] == [(register, records[register])]
    attached = Attachment.get((Attachment.register == "correspondence") & (Attachment.record_id == letter.id))
    assert attached.file_name == target.name and attached.size == target.stat().st_size


def test_an_approval_letter_awaits_its_reply_and_numbers_follow(records, tmp_path: Path) -> None:  # noqa: ANN001
    for number in (1, 2):
        write_letter(template="approval", record_id=records["agreements"], language="ru",
                     target=tmp_path / f"a{number}.docx", today=TODAY)  # fmt: skip
    first, second = Letter.select().order_by(Letter.id)
    assert (first.our_number, second.our_number) == ("01-12/1", "01-12/2")
    assert (second.approval, second.status, second.reply_due) == ("sent", "awaiting_reply", TODAY + dt.timedelta(30))


def test_a_letter_not_recorded_leaves_the_journal_alone(records, tmp_path: Path) -> None:  # noqa: ANN001
    written = write_letter(template="thanks", record_id=records["visits"], language="en", target=tmp_path / "t.docx",
                           record=False)  # fmt: skip
    assert written.letter_id is None and written.path.is_file()
    assert Letter.select().count() == 0


def test_the_offices_own_template_takes_the_place_of_hamkors(records, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(letters, "office_templates_dir", lambda: tmp_path / "own")
    own = tmp_path / "own" / "en" / "thanks.docx"
    own.parent.mkdir(parents=True)
    document = Document()
    document.add_paragraph("Our own thanks to {{ partner }}, letter {{ number }}")
    document.save(str(own))
    written = write_letter(template="thanks", record_id=records["visits"], language="en", target=tmp_path / "t.docx")
    assert document_text(written.path).strip() == "Our own thanks to National Library of Korea, letter 01-12/1"


def test_the_command_line_writes_and_records_a_letter(records, sqlite_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from app.models.database import close_database, open_database
    from tests.test_cli import hamkor

    close_database()
    target = tmp_path / "x.docx"
    done = hamkor("--db", str(sqlite_path), "--lang", "ru", "report", "letter", "--visit", str(records["visits"]),
                  "--template", "invitation", "-o", str(target))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert PARTNER["ru"] in document_text(target) and "01-12/" in done.stdout
    wrong = hamkor("--db", str(sqlite_path), "report", "letter", "--trip", str(records["trips"]), "--template",
                   "invitation", "-o", str(tmp_path / "y.docx"))  # fmt: skip
    assert wrong.returncode != 0 and "--visit" in wrong.stderr
    memo = hamkor("--db", str(sqlite_path), "report", "letter", "--trip", str(records["trips"]), "--template", "memo",
                  "-o", str(tmp_path / "m.docx"), "--no-record")  # fmt: skip
    assert memo.returncode == 0, memo.stderr
    open_database(str(sqlite_path))
    assert Letter.select().count() == 1


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_russian_invitation(records, tmp_path: Path) -> None:  # noqa: ANN001
    written = write_letter(template="invitation", record_id=records["visits"], language="ru",
                           target=tmp_path / "invitation.docx")  # fmt: skip
    pdf = convert_to_pdf(written.path, tmp_path / "pdf")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        import subprocess

        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Национальная библиотека Кореи" in " ".join(text.split())
    assert DelegationVisit.select().count() == 1 and BusinessTrip.select().count() == 1
    assert Agreement.select().count() == 1


def test_a_letter_is_written_in_its_translator_s_language_whatever_the_window_speaks(records, tmp_path: Path) -> None:  # noqa: ANN001
    set_language("en")
    written = write_letter(template="approval", record_id=records["agreements"], language=translator_for("ru"),
                           target=tmp_path / "approval.docx", today=TODAY)  # fmt: skip
    text = document_text(written.path)
    assert "Меморандум о взаимопонимании" in text and "Memorandum of understanding" not in text
    assert Letter.get().language == "ru"
    assert _("Memorandum of understanding") == "Memorandum of understanding"  # the interface still speaks English
