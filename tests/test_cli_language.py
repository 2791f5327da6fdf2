"""The command line speaks the chosen language (--lang, $HAMKOR_LANG) from its help on, and names the registry's
organisation in that language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from tests.test_cli import ROOT, hamkor

SUBCOMMANDS = ([], ["list"], ["export"], ["report"], ["report", "annual"], ["import"], ["backup"], ["settings"])


def english_sentences() -> set[str]:
    """Every English message of three words or more (placeholders cut out): seeing one means a miss."""
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        catalog = read_po(handle)
    found = set()
    for message in catalog:
        if message.context == "Qt" or not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            for part in re.split(r"\{[^}]*\}|%\(\w+\)\w|%\w|[(:;,.…]", text):
                words = part.split()
                if len(words) >= 3 and sum(word.isalpha() for word in words) >= 3:
                    found.add(" ".join(words))
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


def help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What `hamkor ARGV --help` prints, run in this process."""
    from app.cli import run

    with pytest.raises(SystemExit) as exit_status:
        run([*argv, "--help"])
    assert exit_status.value.code in (0, None)
    return capsys.readouterr().out


@pytest.mark.parametrize("language", ["ru", "uz", "uz-Cyrl"])
def test_help_speaks_the_language_and_no_english_sentence(language: str, capsys: pytest.CaptureFixture[str]) -> None:
    sentences = english_sentences()
    assert "show this help message and exit" in sentences
    first = hamkor("--lang", language, "--help")  # a real process; the commands' help is asked in this one
    assert first.returncode == 0, first.stderr
    assert flat(first.stdout) == flat(help_text(capsys, "--lang", language))
    for command in SUBCOMMANDS:
        output = flat(help_text(capsys, "--lang", language, *command))
        left = sorted(sentence for sentence in sentences if sentence in output)
        assert not left, f"{command}: {left}"
        assert "usage:" not in output and "options:" not in output and "positional arguments" not in output


def test_the_language_may_come_from_the_environment() -> None:
    result = hamkor("--help", env={"HAMKOR_LANG": "ru"})
    assert "использование:" in result.stdout and "показать эту справку и выйти" in result.stdout
    assert "--lang" in hamkor("--lang", "en", "--help", env={"HAMKOR_LANG": "ru"}).stdout
    assert "usage:" in hamkor("--lang", "en", "--help", env={"HAMKOR_LANG": "ru"}).stdout


def test_argparse_errors_speak_the_language(tmp_path: Path) -> None:
    result = hamkor("--lang", "ru", "--db", str(tmp_path / "x.db"), "list")
    assert result.returncode == 2
    assert "ошибка: требуются следующие аргументы: REGISTER" in result.stderr
    result = hamkor("--lang", "uz", "--db", str(tmp_path / "x.db"), "list", "partners", "--format", "xml")
    assert "xato" in result.stderr and "notoʻgʻri tanlov" in result.stderr
    result = hamkor("--db", str(tmp_path / "x.db"), "list", env={"HAMKOR_LANG": "xx"})
    assert result.returncode == 2 and "Unknown language “xx”" in result.stderr


def test_the_organisation_comes_from_the_registry_in_the_chosen_language(tmp_path: Path) -> None:
    db = str(tmp_path / "org.db")
    assert hamkor("--db", db, "demo").returncode == 0
    result = hamkor(
        "--db", db, "settings", "organisation.ru=Библиотека имени Навои", "organisation.uz=Navoiy kutubxonasi"
    )
    assert result.returncode == 0, result.stderr
    assert "organisation.ru=Библиотека имени Навои" in hamkor("--db", db, "settings").stdout
    for language, expected in (("ru", "Библиотека имени Навои"), ("uz", "Navoiy kutubxonasi"),
                               ("uz-Cyrl", "Навоий кутубхонаси"),
                               ("en", "National Library of Uzbekistan named after Alisher Navoi")):  # fmt: skip
        target = tmp_path / f"register-{language}.pdf"
        result = hamkor("--db", db, "--lang", language, "report", "register", "-o", str(target))
        assert result.returncode == 0, result.stderr
        assert expected in flat(PdfReader(str(target)).pages[0].extract_text())
    target = tmp_path / "override.pdf"
    result = hamkor("--db", db, "--lang", "ru", "report", "register", "-o", str(target),
                    env={"HAMKOR_ORGANISATION": "Test Library"})  # fmt: skip
    assert "Test Library" in flat(PdfReader(str(target)).pages[0].extract_text())
    assert "organisation.ru=Библиотека имени Навои" in hamkor("--db", db, "settings").stdout


def test_a_setting_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    result = hamkor("--db", str(tmp_path / "x.db"), "--lang", "ru", "settings", "salary.ru=1")
    assert result.returncode == 2 and "salary.ru=1" in result.stderr and "Traceback" not in result.stderr
