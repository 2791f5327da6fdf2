"""The translation cycle in one command: extract the messages, update the catalogs, compile them.

python -m app.catalogs            extract → update uz, ru (and the uz-Cyrl override catalog) → compile; the same for
                                  the sample data's texts (the 'sample' catalogs)
python -m app.catalogs --check    fail if the template or a compiled catalog is out of date
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.paths import translations_dir

ROOT = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2)}
#: The catalogs translators keep complete, and the override catalog of Uzbek Cyrillic (only what transliterates badly).
LANGUAGES = ("uz", "ru")
OVERRIDES = ("uz_Cyrl",)
FIXED_DATE = datetime(2026, 1, 1)


def extract() -> Catalog:
    """Every translatable message in the app's code."""
    catalog = Catalog(
        project="Hamkor",
        version="",
        copyright_holder="Hamkor",
        msgid_bugs_address="",
        creation_date=FIXED_DATE,
        fuzzy=False,
    )
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        location = (f"app/{filename}", lineno)
        catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=120, sort_output=False, omit_header=False, include_previous=False, include_lineno=False
    )
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _load(path: Path, locale: str) -> Catalog:
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=locale)
    return Catalog(locale=locale, project="Hamkor", creation_date=FIXED_DATE, fuzzy=False)


def build(folder: Path | None = None) -> dict[Path, bytes]:
    """The contents every catalog file should have now: template, updated .po files, compiled .mo files."""
    folder = folder or translations_dir()
    template = extract()
    files: dict[Path, bytes] = {folder / "messages.pot": _po_bytes(template)}
    catalogs: dict[str, Catalog] = {}
    for locale in LANGUAGES + OVERRIDES:
        catalogs[locale] = _updated(folder / locale / "LC_MESSAGES" / "messages.po", locale, template, files)
    files.update(_qt_files(folder, catalogs))
    files.update(_sample_files(folder))
    return files


def _sample_files(folder: Path) -> dict[Path, bytes]:
    """The sample data's texts (see app.services.sample.texts): template, updated catalogs, compiled."""
    from app.services.sample.loader import sample_messages
    from app.services.sample.texts import DOMAIN

    template = Catalog(project="Hamkor sample data", creation_date=FIXED_DATE, fuzzy=False)
    for text in sample_messages():
        template.add(text, None)
    files = {folder / f"{DOMAIN}.pot": _po_bytes(template)}
    for locale in LANGUAGES:
        _updated(folder / locale / "LC_MESSAGES" / f"{DOMAIN}.po", locale, template, files)
    return files


def _updated(po_path: Path, locale: str, template: Catalog, files: dict[Path, bytes]) -> Catalog:
    """The catalog at `po_path` brought in line with `template`; its .po and compiled .mo go into `files`."""
    catalog = _load(po_path, locale)
    catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
    catalog.revision_date = FIXED_DATE
    catalog.creation_date = FIXED_DATE
    catalog.obsolete.clear()
    files[po_path] = _po_bytes(catalog)
    files[po_path.with_suffix(".mo")] = _mo_bytes(catalog)
    return catalog


def _qt_files(folder: Path, catalogs: dict[str, Catalog]) -> dict[Path, bytes]:
    """Qt's own texts translated from the catalogs, compiled by Qt's lrelease into a .qm file per language."""
    from app.text.translit import uz_latin_to_cyrillic
    from app.ui.shell.qt_texts import CONTEXT, compile_ts, ts_document

    def lookup(locale: str):  # noqa: ANN202
        def translate(text: str) -> str:
            message = catalogs[locale].get(text, context=CONTEXT)
            return message.string if message is not None and message.string else text

        return translate

    def cyrillic(text: str) -> str:
        override = lookup("uz_Cyrl")(text)
        if override != text:
            return override
        latin = lookup("uz")(text)
        return uz_latin_to_cyrillic(latin) if latin != text else text

    files = {}
    for language, translate in (("uz", lookup("uz")), ("ru", lookup("ru")), ("uz-Cyrl", cyrillic)):
        name = f"hamkor_qt_{language.replace('-', '_')}.qm"
        files[folder / "qt" / name] = compile_ts(ts_document(language.replace("-", "_"), translate))
    return files


def main(argv: list[str] | None = None) -> int:
    """Run the cycle, or with --check report what is out of date."""
    parser = argparse.ArgumentParser(prog="python -m app.catalogs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the catalogs are up to date")
    args = parser.parse_args(argv)
    files = build()
    stale = [path for path, data in files.items() if not path.exists() or path.read_bytes() != data]
    if args.check:
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[path])
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
