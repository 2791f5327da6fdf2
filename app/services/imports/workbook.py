"""Opening a workbook to import from, safely: hostile or broken files are refused before openpyxl parses them.

Checks, in order, each within fixed time and memory: the file's first bytes (empty, an old .xls, text such as CSV),
the ZIP's end record (entry count, central directory size; a truncated file has none), every entry's declared size,
compression method and compression ratio, and then a streaming pass over every XML part that counts the bytes
actually unpacked and rejects DOCTYPE/ENTITY declarations (entity bombs; `defusedxml` guards openpyxl as well).
The same pass counts each worksheet's rows and notes its merged cells, so a sheet too long to import is refused
without being parsed. Reading then goes through openpyxl in read-only mode with `reset_dimensions()` (a sheet's
stated size is not trusted) and counts rows as it goes.
"""

from __future__ import annotations

import codecs
import logging
import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import _, format_number

logger = logging.getLogger(__name__)

#: Data rows a sheet may hold (a bigger sheet is refused with a message that says so).
MAX_ROWS = 200_000
#: Cells a sheet may hold (openpyxl parses every cell, even those of columns not imported: ~5–10 µs each).
MAX_CELLS = 2_500_000
#: Rows searched for the header row.
HEADER_SCAN_ROWS = 30
#: Excel's own limit: a row number beyond it means a damaged or crafted file.
EXCEL_MAX_ROW = 1_048_576
#: Parts (files inside the ZIP) a workbook may have.
MAX_ENTRIES = 5_000
MAX_CENTRAL_DIRECTORY = 8 * 1024 * 1024
#: Unpacked sizes: one worksheet, the shared strings (held in memory by openpyxl), any other part, all together.
MAX_SHEET_BYTES = 400 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
MAX_OTHER_PART_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 600 * 1024 * 1024
#: Different texts a workbook may hold (openpyxl reads them all into memory first: ~10 µs and ~200 bytes each).
MAX_SHARED_STRINGS = 500_000
#: How many times bigger than its compressed form a part may unpack (real sheets: 5–50; zip bombs: 1000 and more).
MAX_RATIO = 250
RATIO_FLOOR = 1024 * 1024  # small parts may compress as well as they like
#: Merged ranges remembered per sheet.
MAX_MERGES = 100_000

CHUNK = 1024 * 1024
OVERLAP = 4096

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CLOSING_ROW = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row\s*>")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_CLOSING_STRING = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?si\s*>")
_MERGE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]{0,512}?\bref\s*=\s*[\"']([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})"
)


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, in the interface language, for the officer."""


class Formula(str):
    """The text of a formula cell (imported as it is written, never calculated)."""


class ExcelError(str):
    """An error value Excel shows in a cell, such as #N/A."""


@dataclass(frozen=True)
class Amount:
    """A number whose cell format names a currency."""

    value: float | int
    currency: str


@dataclass
class SheetPart:
    """One worksheet of the workbook: its name, its part in the ZIP, and what the safety pass counted."""

    name: str
    path: str
    rows_with_content: int = 0  # row elements with cells (closed by a </row> of their own)
    cells: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col)


@dataclass
class WorkbookInfo:
    """A workbook that passed the safety checks."""

    path: Path
    sheets: list[SheetPart]

    @property
    def sheet_names(self) -> list[str]:
        """The worksheets' names, in the workbook's order."""
        return [sheet.name for sheet in self.sheets]

    def sheet(self, name: str | None) -> SheetPart:
        """The sheet called `name` (the first sheet when None)."""
        if name is None or name == "":
            return self.sheets[0]
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise ImportRefused(
            _("The workbook has no sheet called “{sheet}”. Its sheets: {sheets}.").format(
                sheet=name, sheets=", ".join(f"“{s}”" for s in self.sheet_names)
            )
        )


def _not_a_workbook(path: Path) -> ImportRefused:
    return ImportRefused(
        _("“{name}” is not an Excel workbook (.xlsx). Open it in Excel and save it as an Excel workbook.").format(
            name=path.name
        )
    )


def _damaged(path: Path) -> ImportRefused:
    return ImportRefused(
        _("“{name}” is damaged or incomplete: it cannot be read as an Excel workbook.").format(name=path.name)
    )


def _unsafe(path: Path) -> ImportRefused:
    return ImportRefused(
        _("“{name}” was refused as unsafe: it is built in a way no real Excel workbook is.").format(name=path.name)
    )


def _too_big(path: Path, limit: int) -> ImportRefused:
    return ImportRefused(
        _("“{name}” is too large to import: its contents unpack to more than {size} MB.").format(
            name=path.name, size=format_number(limit // (1024 * 1024))
        )
    )


def too_many_rows(sheet: str) -> ImportRefused:
    """The refusal of a sheet longer than MAX_ROWS."""
    return ImportRefused(
        _(
            "The sheet “{sheet}” has more than {limit} rows. Split it into smaller files and import them one by one."
        ).format(sheet=sheet, limit=format_number(MAX_ROWS))
    )


def too_many_cells(sheet: str) -> ImportRefused:
    """The refusal of a sheet with more than MAX_CELLS cells."""
    return ImportRefused(
        _(
            "The sheet “{sheet}” has more than {limit} cells. Split it into smaller files and import them one by one."
        ).format(sheet=sheet, limit=format_number(MAX_CELLS))
    )


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not merely a character cut at the end of the sample
            try:
                head.decode("cp1251")
            except UnicodeDecodeError:
                return False
    return True


def _check_start(path: Path) -> int:
    """The file's size, after refusing what is plainly not an .xlsx from its first bytes."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ImportRefused(_("“{name}” is a folder, not a file.").format(name=path.name))
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError as error:
        raise ImportRefused(_("The file “{path}” does not exist.").format(path=path)) from error
    except OSError as error:
        raise ImportRefused(
            _("The file “{path}” cannot be read: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
    if size == 0:
        raise ImportRefused(_("The file “{name}” is empty.").format(name=path.name))
    if head.startswith(_OLE2):
        raise ImportRefused(
            _(
                "“{name}” is an old Excel 97–2003 workbook (.xls) or a password-protected one. "
                "Open it in Excel, save it as an Excel workbook (.xlsx) without a password and import that."
            ).format(name=path.name)
        )
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if _looks_like_text(head):
            raise ImportRefused(
                _(
                    "“{name}” is a text file (perhaps CSV), not an Excel workbook. "
                    "Open it in Excel and save it as an Excel workbook (.xlsx)."
                ).format(name=path.name)
            )
        raise _not_a_workbook(path)
    return size


def _check_end_record(path: Path, size: int) -> None:
    """Refuse a ZIP without an end record (truncated) or whose central directory is absurdly large."""
    with path.open("rb") as handle:
        tail_size = min(size, 65_557)
        handle.seek(size - tail_size)
        tail = handle.read(tail_size)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            raise _damaged(path)
        entries, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
        if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
            locator = tail[at - 20 : at] if at >= 20 else b""
            if not locator.startswith(b"PK\x06\x07"):
                raise _damaged(path)
            (offset,) = struct.unpack("<Q", locator[8:16])
            if offset > size - 56:
                raise _damaged(path)
            handle.seek(offset)
            record = handle.read(56)
            if not record.startswith(b"PK\x06\x06"):
                raise _damaged(path)
            entries, directory_size = struct.unpack("<QQ", record[32:48])
    if entries > MAX_ENTRIES or directory_size > MAX_CENTRAL_DIRECTORY:
        raise _unsafe(path)


def _limit_of(name: str, sheet_paths: set[str]) -> int:
    if name in sheet_paths or name.startswith("xl/worksheets/"):
        return MAX_SHEET_BYTES
    if name.lower().endswith("sharedstrings.xml"):
        return MAX_SHARED_STRINGS_BYTES
    return MAX_OTHER_PART_BYTES


def _check_entries(path: Path, archive: zipfile.ZipFile) -> None:
    """Declared sizes, methods, encryption and compression ratios of every entry."""
    total = 0
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise ImportRefused(
                _("“{name}” is protected with a password. Save it without a password and import that.").format(
                    name=path.name
                )
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _unsafe(path)
        if info.file_size > MAX_SHEET_BYTES:
            raise _too_big(path, MAX_SHEET_BYTES)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _unsafe(path)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _too_big(path, MAX_TOTAL_BYTES)


def _is_xml_part(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


class _CountedStream:
    """A part's stream that refuses to unpack more than `limit` bytes."""

    def __init__(self, stream, limit: int, path: Path) -> None:  # noqa: ANN001 - a ZipExtFile
        self.stream, self.limit, self.path, self.count = stream, limit, path, 0

    def read(self, size: int) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        if self.count > self.limit:
            raise _too_big(self.path, self.limit)
        return data


def _utf8_chunks(stream: _CountedStream):  # noqa: ANN202 - yields bytes
    """The part's bytes as UTF-8 (UTF-16 parts are transcoded so that the scan sees the same markup)."""
    first = stream.read(CHUNK)
    boms = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if not (first.startswith(boms) or first[:2] in (b"<\x00", b"\x00<")):
        yield first
        while chunk := stream.read(CHUNK):
            yield chunk
        return
    encoding = "utf-16" if first.startswith(boms) else "utf-16-le" if first.startswith(b"<\x00") else "utf-16-be"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    yield decoder.decode(first).encode("utf-8")
    while chunk := stream.read(CHUNK):
        yield decoder.decode(chunk).encode("utf-8")
    yield decoder.decode(b"", final=True).encode("utf-8")


def _scan_part(path: Path, archive: zipfile.ZipFile, name: str, sheet: SheetPart | None) -> tuple[int, int]:
    """Read one XML part through: refuse declarations; count its real size and its shared strings (openpyxl holds
    them all in memory); for a worksheet, count its rows and note its merged ranges. Return (bytes, strings)."""
    limit = _limit_of(name, {sheet.path} if sheet else set())
    if archive.getinfo(name).file_size > limit:
        raise _too_big(path, limit)
    carry = b""
    strings = 0
    with archive.open(name) as raw:
        stream = _CountedStream(raw, limit, path)
        for chunk in _utf8_chunks(stream):
            buffer = carry + chunk
            if _DECLARATION.search(buffer):
                raise _unsafe(path)
            cut = max(len(buffer) - OVERLAP, 0)
            after_tag = buffer.rfind(b">", 0, cut) + 1  # no closing tag is cut in two there
            cut = after_tag if after_tag or len(buffer) < 4 * CHUNK else cut
            strings += len(_CLOSING_STRING.findall(buffer, 0, cut))
            if sheet is not None:
                _count_sheet_markup(buffer, cut, sheet)
            carry = buffer[cut:]
        strings += len(_CLOSING_STRING.findall(carry))
        if sheet is not None and carry:
            _count_sheet_markup(carry, len(carry), sheet)
    return stream.count, strings


def _count_sheet_markup(buffer: bytes, cut: int, sheet: SheetPart) -> None:
    """Count the rows with cells (their closing tags, whatever their namespace prefix) and the merged ranges in
    `buffer[:cut]`; `cut` falls just after a '>', so no tag counted here is cut in two."""
    sheet.rows_with_content += len(_CLOSING_ROW.findall(buffer, 0, cut))
    sheet.cells += len(_CELL.findall(buffer, 0, cut))
    for match in _MERGE.finditer(buffer, 0, cut):
        if len(sheet.merged) >= MAX_MERGES:
            break
        from openpyxl.utils import column_index_from_string

        first_col, first_row, last_col, last_row = match.groups()
        try:
            sheet.merged.append(
                (
                    int(first_row),
                    column_index_from_string(first_col.decode().upper()),
                    int(last_row),
                    column_index_from_string(last_col.decode().upper()),
                )
            )
        except ValueError:
            pass


def _read_small_xml(path: Path, archive: zipfile.ZipFile, name: str):  # noqa: ANN202 - an Element
    from defusedxml import ElementTree

    try:
        info = archive.getinfo(name)
    except KeyError as error:
        raise _not_a_workbook(path) from error
    if info.file_size > MAX_OTHER_PART_BYTES:
        raise _too_big(path, MAX_OTHER_PART_BYTES)
    data = archive.read(name)
    if _DECLARATION.search(data) or _DECLARATION.search(data.replace(b"\x00", b"")):
        raise _unsafe(path)
    try:
        return ElementTree.fromstring(data)
    except Exception as error:  # ParseError, defusedxml's EntitiesForbidden, DTDForbidden
        raise _damaged(path) from error


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(path: Path, archive: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target resolved against the part's folder)."""
    folder = posixpath.dirname(posixpath.dirname(name))  # .../_rels/x.rels → ...
    found: dict[str, tuple[str, str]] = {}
    for element in _read_small_xml(path, archive, name):
        if _local(element.tag) != "Relationship":
            continue
        target = element.get("Target", "")
        if element.get("TargetMode") == "External":
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[element.get("Id", "")] = (element.get("Type", ""), resolved)
    return found


def _worksheets(path: Path, archive: zipfile.ZipFile) -> list[SheetPart]:
    """The worksheets named by the workbook part, in order, with their part paths."""
    office = [
        target
        for kind, target in _relationships(path, archive, "_rels/.rels").values()
        if kind.endswith("/officeDocument")
    ]
    if not office or not office[0].endswith(".xml"):
        raise _not_a_workbook(path)
    workbook = office[0]
    rels_name = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    relations = _relationships(path, archive, rels_name)
    sheets: list[SheetPart] = []
    for element in _read_small_xml(path, archive, workbook).iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((value for key, value in element.attrib.items() if _local(key) == "id"), "")
        kind, target = relations.get(rel_id, ("", ""))
        if kind.endswith("/worksheet"):
            sheets.append(SheetPart(name=element.get("name", ""), path=target))
    if not sheets:
        raise ImportRefused(_("“{name}” holds no worksheet.").format(name=path.name))
    return sheets


def inspect_workbook(path: str | Path) -> WorkbookInfo:
    """Check a file before it is read; return its worksheets. Raise ImportRefused with the reason otherwise."""
    path = Path(path)
    size = _check_start(path)
    _check_end_record(path, size)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_entries(path, archive)
            sheets = _worksheets(path, archive)
            names = set(archive.namelist())
            by_path = {sheet.path: sheet for sheet in sheets}
            for sheet in sheets:
                if sheet.path not in names:
                    raise _damaged(path)
            total = strings = 0
            for name in archive.namelist():
                if _is_xml_part(name):
                    unpacked, found = _scan_part(path, archive, name, by_path.get(name))
                    total, strings = total + unpacked, strings + found
                    if total > MAX_TOTAL_BYTES:
                        raise _too_big(path, MAX_TOTAL_BYTES)
                    if strings > MAX_SHARED_STRINGS:
                        raise ImportRefused(
                            _(
                                "“{name}” is too large to import: it holds more than {count} different texts. "
                                "Split it into smaller files."
                            ).format(name=path.name, count=format_number(MAX_SHARED_STRINGS))
                        )
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError, RuntimeError) as error:
        logger.info("refused %s: %s", path, error)
        raise _damaged(path) from error
    return WorkbookInfo(path=path, sheets=sheets)
