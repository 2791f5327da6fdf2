"""Malformed and hostile files: each ends with a clear error, within time and memory bounds, and changes nothing.

The files are built here: crafted ZIPs and XML written straight into the archive (a million rows cost seconds, not
minutes), zip bombs honest and lying about their size, entity bombs, sheets whose stated size lies.
"""

from __future__ import annotations

import os
import random
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.i18n import _
from app.services.imports.importer import plan_import, read_register_sheet, run_import
from app.services.imports.mapping import suggest_mapping
from app.services.imports.workbook import MAX_ROWS, ImportRefused
from tests.services.import_helpers import table_counts

SECONDS = 20
MEGABYTES = 500

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
PACKAGE_RELS = (
    f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="Partners" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
WORKBOOK_RELS = (
    f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def row_xml(number: int, *texts: str) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'


def crafted(
    path: Path,
    sheet: Iterable[bytes],
    *,
    shared_strings: bytes | None = None,
    level: int = 6,
) -> Path:
    """A minimal workbook whose first sheet's XML is streamed from `sheet` (chunks of bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for chunk in sheet:
                part.write(chunk)
    return path


def sheet_xml(rows: Iterable[str], dimension: str = "") -> Iterator[bytes]:
    yield f'<worksheet xmlns="{MAIN}">{dimension}<sheetData>'.encode()
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 10_000:
            yield "".join(batch).encode()
            batch = []
    yield ("".join(batch) + "</sheetData></worksheet>").encode()


def partner_rows(count: int, start: int = 2) -> Iterator[str]:
    yield row_xml(1, "Name", "Kind")
    for number in range(start, start + count):
        yield row_xml(number, f"Library {number}", "library")


def zip_bomb(path: Path) -> Path:
    """An honest bomb: a sheet that unpacks to 300 MB of spaces from a few hundred kilobytes."""

    def spaces() -> Iterator[bytes]:
        yield f'<worksheet xmlns="{MAIN}"><sheetData>{row_xml(1, "Name", "Kind")}'.encode()
        block = b" " * (1024 * 1024)
        for _count in range(300):
            yield block
        yield b"</sheetData></worksheet>"

    return crafted(path, spaces(), level=9)


def lying_zip_bomb(path: Path) -> Path:
    """A bomb that declares its sheet 2 kB big while it unpacks to 64 MB (sizes patched in both headers)."""
    block = b" " * (1024 * 1024)
    crafted(path, iter([f'<worksheet xmlns="{MAIN}"><sheetData>'.encode(), *[block] * 64]), level=9)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_length, extra_length = struct.unpack("<HH", data[local + 26 : local + 30])
        if data[local + 30 : local + 30 + name_length] == name:
            _patch_sizes(data, local + 30 + name_length, extra_length, local + 22)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length, extra_length = struct.unpack("<HH", data[central + 28 : central + 32])
        if data[central + 46 : central + 46 + name_length] == name:
            _patch_sizes(data, central + 46 + name_length, extra_length, central + 24)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def _patch_sizes(data: bytearray, extra_at: int, extra_length: int, size_at: int) -> None:
    """Make an entry declare 2000 bytes unpacked (in its ZIP64 extra field, or in the header itself)."""
    end = extra_at + extra_length
    while extra_at + 4 <= end:
        tag, length = struct.unpack("<HH", data[extra_at : extra_at + 4])
        if tag == 0x0001:  # ZIP64: the uncompressed size comes first
            data[extra_at + 4 : extra_at + 12] = struct.pack("<Q", 2000)
            return
        extra_at += 4 + length
    data[size_at : size_at + 4] = struct.pack("<I", 2000)


def billion_laughs(path: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">' for n in range(1, 10)
    )
    document = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
    rows = [row_xml(1, "Name", "Kind"), row_xml(2, "&lol9;", "library")]
    return crafted(path, iter([document.encode(), *sheet_xml(rows)]))


def entity_bomb_in_shared_strings(path: Path) -> Path:
    strings = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&b;</t></si></sst>'
    )
    return crafted(path, sheet_xml([row_xml(1, "Name", "Kind")]), shared_strings=strings.encode())


def too_many_texts(path: Path) -> Path:
    """600,000 different shared strings in 14 MB: within the size limit, beyond what openpyxl may be asked to hold."""
    strings = "".join(f"<si><t>t{n:07d}</t></si>" for n in range(600_000))
    document = f'<sst xmlns="{MAIN}" count="600000" uniqueCount="600000">{strings}</sst>'
    return crafted(path, sheet_xml([row_xml(1, "Name", "Kind")]), shared_strings=document.encode())


def utf16_doctype(path: Path) -> Path:
    document = f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "e">]><worksheet xmlns="{MAIN}"/>'
    return crafted(path, iter([document.encode("utf-16")]))


def lying_dimension(path: Path) -> Path:
    """The sheet says it is A1:B2, and holds a quarter of a million rows."""
    return crafted(path, sheet_xml(partner_rows(250_000), dimension='<dimension ref="A1:B2"/>'), level=1)


def million_rows(path: Path) -> Path:
    return crafted(path, sheet_xml(partner_rows(1_000_000)), level=1)


def rows_behind_another_prefix(path: Path) -> Path:
    """250,000 rows written with a namespace prefix other than the sheet data's (counted all the same)."""

    def rows() -> Iterator[bytes]:
        yield f'<x:worksheet xmlns:x="{MAIN}" xmlns:y="{MAIN}"><x:sheetData>'.encode()
        for start in range(1, 250_001, 10_000):
            yield "".join(
                f'<y:row r="{n}"><y:c r="A{n}" t="inlineStr"><y:is><y:t>{"Name" if n == 1 else n}</y:t></y:is>'
                "</y:c></y:row>"
                for n in range(start, start + 10_000)
            ).encode()
        yield b"</x:sheetData></x:worksheet>"

    return crafted(path, rows(), level=1)


def too_many_cells(path: Path) -> Path:
    """100,000 rows of 26 small numbers: few rows, but 2.6 million cells to parse."""
    cells = "".join(f'<c r="{chr(65 + i)}{{n}}"><v>{i}</v></c>' for i in range(26))

    def rows() -> Iterator[str]:
        yield row_xml(1, "Name", "Kind")
        for n in range(2, 100_002):
            yield f'<row r="{n}">' + cells.format(n=n) + "</row>"

    return crafted(path, sheet_xml(rows()), level=1)


def row_beyond_excel(path: Path) -> Path:
    return crafted(path, sheet_xml([row_xml(1, "Name", "Kind"), row_xml(2_000_000_000, "Far", "library")]))


def csv_renamed(path: Path) -> Path:
    path.write_text("Name;Kind;Country\nNational Library of Korea;library;KR\n", encoding="utf-8")
    return path


def xls_renamed(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    return path


def random_bytes(path: Path) -> Path:
    path.write_bytes(random.Random(7).randbytes(100_000).replace(b"PK", b"QK"))
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated(path: Path) -> Path:
    workbook = Workbook()
    for n in range(2000):
        workbook.active.append([f"Library {n}", "library", "KR"])
    workbook.save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def not_a_workbook_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return path


def too_many_parts(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(6000):
            archive.writestr(f"xl/media/{n}.xml", "<x/>")
    return path


def no_header(path: Path) -> Path:
    workbook = Workbook()
    for n in range(40):
        workbook.active.append([f"Library {n}", 1234, 56.5])
    workbook.save(path)
    return path


def name_of(path: Path) -> str:
    return path.name


CORPUS: dict[str, tuple[Callable[[Path], Path], Callable[[Path], str]]] = {
    "zip bomb": (zip_bomb, lambda p: _("“{name}” was refused as unsafe: it is built in a way no real Excel workbook is.").format(name=p.name)),  # noqa: E501
    "lying zip bomb": (lying_zip_bomb, lambda p: _("“{name}” is damaged or incomplete: it cannot be read as an Excel workbook.").format(name=p.name)),  # noqa: E501
    "billion laughs": (billion_laughs, lambda p: _("“{name}” was refused as unsafe: it is built in a way no real Excel workbook is.").format(name=p.name)),  # noqa: E501
    "entity bomb in shared strings": (entity_bomb_in_shared_strings, lambda p: _("“{name}” was refused as unsafe: it is built in a way no real Excel workbook is.").format(name=p.name)),  # noqa: E501
    "too many texts": (too_many_texts, lambda p: _("“{name}” is too large to import: it holds more than {count} different texts. Split it into smaller files.").format(name=p.name, count="500,000")),  # noqa: E501
    "UTF-16 DOCTYPE": (utf16_doctype, lambda p: _("“{name}” was refused as unsafe: it is built in a way no real Excel workbook is.").format(name=p.name)),  # noqa: E501
    "lying dimension": (lying_dimension, lambda p: _("The sheet “{sheet}” has more than {limit} rows. Split it into smaller files and import them one by one.").format(sheet="Partners", limit=f"{MAX_ROWS:,}")),  # noqa: E501
    "million rows": (million_rows, lambda p: _("The sheet “{sheet}” has more than {limit} rows. Split it into smaller files and import them one by one.").format(sheet="Partners", limit=f"{MAX_ROWS:,}")),  # noqa: E501
    "rows behind another prefix": (rows_behind_another_prefix, lambda p: _("The sheet “{sheet}” has more than {limit} rows. Split it into smaller files and import them one by one.").format(sheet="Partners", limit=f"{MAX_ROWS:,}")),  # noqa: E501
    "too many cells": (too_many_cells, lambda p: _("The sheet “{sheet}” has more than {limit} cells. Split it into smaller files and import them one by one.").format(sheet="Partners", limit="2,500,000")),  # noqa: E501
    "row beyond Excel": (row_beyond_excel, lambda p: _("“{name}” is damaged or incomplete: it cannot be read as an Excel workbook.").format(name=p.name)),  # noqa: E501
    "csv renamed": (csv_renamed, lambda p: _("“{name}” is a text file (perhaps CSV), not an Excel workbook. Open it in Excel and save it as an Excel workbook (.xlsx).").format(name=p.name)),  # noqa: E501
    "xls renamed": (xls_renamed, lambda p: _("“{name}” is an old Excel 97–2003 workbook (.xls) or a password-protected one. Open it in Excel, save it as an Excel workbook (.xlsx) without a password and import that.").format(name=p.name)),  # noqa: E501
    "random bytes": (random_bytes, lambda p: _("“{name}” is not an Excel workbook (.xlsx). Open it in Excel and save it as an Excel workbook.").format(name=p.name)),  # noqa: E501
    "empty file": (empty_file, lambda p: _("The file “{name}” is empty.").format(name=p.name)),
    "truncated zip": (truncated, lambda p: _("“{name}” is damaged or incomplete: it cannot be read as an Excel workbook.").format(name=p.name)),  # noqa: E501
    "zip that is no workbook": (not_a_workbook_zip, lambda p: _("“{name}” is not an Excel workbook (.xlsx). Open it in Excel and save it as an Excel workbook.").format(name=p.name)),  # noqa: E501
    "too many parts": (too_many_parts, lambda p: _("“{name}” was refused as unsafe: it is built in a way no real Excel workbook is.").format(name=p.name)),  # noqa: E501
    "sheet without a header": (no_header, lambda p: _("No header row was found in the first {count} rows of the sheet “{sheet}”. The header row names the columns, as the columns of Hamkor's lists are named.").format(count=30, sheet="Sheet")),  # noqa: E501
}  # fmt: skip


class MemoryPeak:
    """The process's peak resident memory during a block (Linux: VmHWM, reset through clear_refs), else tracemalloc's
    peak of Python allocations. RSS costs the code nothing; tracemalloc slows it several times."""

    def __enter__(self) -> MemoryPeak:
        self.rss = _reset_rss_peak()
        if self.rss is None:
            tracemalloc.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.rss is None:
            self.megabytes = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            tracemalloc.stop()
        else:
            self.megabytes = (_rss_peak_kb() - self.rss) / 1024


def _rss_peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise OSError("no VmHWM")


def _reset_rss_peak() -> int | None:
    """Reset the peak to the current size and return it in kB (None where the system cannot)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _rss_peak_kb()
    except OSError:
        return None


@pytest.mark.parametrize("case", list(CORPUS))
def test_a_hostile_or_broken_file_ends_with_a_clear_error_within_bounds(
    database,  # noqa: ANN001
    sqlite_path: Path,
    tmp_path: Path,
    case: str,
) -> None:
    build, message = CORPUS[case]
    path = build(tmp_path / "hostile.xlsx")
    before = table_counts(sqlite_path)
    started = time.perf_counter()
    with MemoryPeak() as memory, pytest.raises(ImportRefused) as refused:
        sheet = read_register_sheet(path, "partners")
        mapping = suggest_mapping("partners", sheet.headers)
        run_import(plan_import(register="partners", sheet=sheet, mapping=mapping))
    seconds = time.perf_counter() - started
    assert str(refused.value) == message(path)
    assert seconds < SECONDS, f"{case}: {seconds:.1f} s"
    assert memory.megabytes < MEGABYTES, f"{case}: {memory.megabytes:.0f} MB"
    assert table_counts(sqlite_path) == before
    print(f"{case}: refused in {seconds:.2f} s, +{memory.megabytes:.0f} MB, {os.path.getsize(path) // 1024} kB file")


def test_a_sheet_that_claims_to_be_huge_but_is_small_reads_only_its_rows(database, tmp_path: Path) -> None:  # noqa: ANN001
    path = crafted(tmp_path / "claims.xlsx", sheet_xml(partner_rows(3), dimension='<dimension ref="A1:XFD1048576"/>'))
    started = time.perf_counter()
    sheet = read_register_sheet(path, "partners")
    assert [row for _number, row in sheet.rows] == [[f"Library {n}", "library"] for n in (2, 3, 4)]
    assert time.perf_counter() - started < 5


def test_openpyxl_parses_through_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # the second guard behind the import's own DOCTYPE/ENTITY scan
