"""The register of agreements: numbered rows with parties and countries, terms and status, optionally grouped."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from app.i18n import N_, Translator, _, format_date, ngettext, translator_for, unbroken
from app.models import Agreement, AgreementParty, Partner
from app.models.choices import AGREEMENT_KINDS, AGREEMENT_STATUSES
from app.text.countries import country_name
from app.text.names import name_alternatives

GROUPINGS = {
    "country": N_("Country"),
    "status": N_("Status"),
    "year": N_("Year signed"),
}

#: A group of at most this many agreements is kept on one page in the printed register.
WHOLE_GROUP = 12

#: The statuses of an agreement not signed yet: it has no term.
UNSIGNED = ("draft", "negotiation")

#: The register's columns: (key, header, relative width).
COLUMNS = (
    ("number", N_("No."), 4),
    ("reg_number", N_("Reg. number"), 10),
    ("parties", N_("Partner(s) and country"), 24),
    ("kind", N_("Kind"), 13),
    ("title", N_("Title / subject"), 27),
    ("signed", N_("Signed"), 9),
    ("until", N_("In force until"), 13),
    ("status", N_("Status"), 10),
)


@dataclass
class RegisterRow:
    """One agreement as the register prints it (texts in the interface language; names in every language kept
    so that a PDF can fall back from a script its font lacks)."""

    number: int
    reg_number: str
    parties: list[list[str]]  # each party: its names, preferred first, then the alternatives; with country
    countries: list[str]
    kind: str
    title: list[str]  # preferred first, then alternatives
    signed: dt.date | None
    ends: dt.date | None  # the end of the current term
    term_note: str  # 'renews every N years', 'open-ended' or ''
    until: str  # the two above as one text
    status: str
    groups: list[str] = field(default_factory=list)  # where a grouped register lists it (a country per party)


@dataclass
class AgreementRegister:
    """The register as of a date, its rows in groups (one unnamed group when not grouped)."""

    as_of: dt.date
    status_filter: str | None
    group_by: str | None
    language: str = "en"  # what its texts are written in (its writers speak it too)
    groups: list[tuple[str, list[RegisterRow]]] = field(default_factory=list)

    @property
    def rows(self) -> list[RegisterRow]:
        """Every agreement once, in order (grouped by country, one with partners in several countries is listed
        in each of their groups)."""
        return list({id(row): row for _label, rows in self.groups for row in rows}.values())

    @property
    def listed_in_several_groups(self) -> bool:
        """Whether some agreement appears in more than one group."""
        return sum(len(rows) for _label, rows in self.groups) > len(self.rows)


def term_of(agreement: Agreement | SimpleNamespace, today: dt.date | None = None) -> tuple[dt.date | None, str]:
    """The day the agreement's current term ends (None when none is set) and what else the register says of its
    term: 'renews every N years', 'open-ended', or nothing (a dated term, or an agreement not signed yet)."""
    from app.services.lifecycle import term_on

    if agreement.auto_renewal and agreement.renewal_years:
        renews = ngettext("renews every {n} year", "renews every {n} years", agreement.renewal_years).format(
            n=agreement.renewal_years
        )
        ends = term_on(agreement, today or dt.date.today()).ends_on if agreement.valid_until else None
        return ends, renews
    if agreement.valid_until is not None:
        return agreement.valid_until, ""
    if agreement.status in UNSIGNED:
        return None, ""
    return None, _("open-ended")


def until_text(agreement: Agreement | SimpleNamespace, today: dt.date | None = None) -> str:
    """'31 Dec 2027', 'open-ended', '…, renews every N years' or '—' (not signed yet) — the register's 'in force
    until' column (for a renewing agreement, the end of its current term)."""
    ends, note = term_of(agreement, today)
    day = unbroken(format_date(ends)) if ends else ""  # the date stays on one line of a cell
    return ", ".join(text for text in (day, note) if text) or "—"


def build_register(
    *,
    status: str | None = None,
    group_by: str | None = None,
    as_of: dt.date | None = None,
    language: str | Translator,
) -> AgreementRegister:
    """The register of agreements (optionally only one status), grouped by country, status or year signed, written
    in `language` (a translator, or a language code)."""
    if status is not None and status not in AGREEMENT_STATUSES:
        raise ValueError(status)
    if group_by is not None and group_by not in GROUPINGS:
        raise ValueError(group_by)
    with translator_for(language).in_use() as tr:
        return _built_register(status=status, group_by=group_by, as_of=as_of, language=tr.language)


def _built_register(
    *, status: str | None, group_by: str | None, as_of: dt.date | None, language: str
) -> AgreementRegister:
    query = Agreement.select(
        Agreement.id, Agreement.reg_number, Agreement.title_uz, Agreement.title_ru, Agreement.title_en,
        Agreement.title_orig, Agreement.kind, Agreement.status, Agreement.signed_on, Agreement.valid_until,
        Agreement.auto_renewal, Agreement.renewal_years, Agreement.notice_days, Agreement.notice_given_on,
    )  # fmt: skip
    if status is not None:
        query = query.where(Agreement.status == status)
    ordered = query.order_by(Agreement.signed_on.asc(nulls="LAST"), Agreement.reg_number, Agreement.id)
    agreements = [SimpleNamespace(**row) for row in ordered.dicts()]  # plain rows: thousands at a time
    parties: dict[int, list[SimpleNamespace]] = defaultdict(list)
    if agreements:
        links = (
            AgreementParty.select(
                AgreementParty.agreement,
                Partner.name_uz,
                Partner.name_ru,
                Partner.name_en,
                Partner.name_orig,
                Partner.country,
            )  # fmt: skip
            .join(Partner)
            .where(AgreementParty.agreement.in_(query.select(Agreement.id)))
            .order_by(AgreementParty.id)
            .dicts()
        )
        for link in links:
            parties[link.pop("agreement")].append(SimpleNamespace(**link))
    rows = []
    for agreement in agreements:
        partners = parties.get(agreement.id, [])
        countries = [p.country for p in partners if p.country]
        rows.append(
            RegisterRow(
                number=0,
                reg_number=agreement.reg_number or "",
                parties=[
                    [*name_alternatives(p, "name", language), country_name(p.country, language.replace("-", "_"))]
                    for p in partners
                ],
                countries=countries,
                kind=_(AGREEMENT_KINDS.label(agreement.kind)),
                title=name_alternatives(agreement, "title", language),
                signed=agreement.signed_on,
                ends=(term := term_of(agreement, as_of))[0],
                term_note=term[1],
                until=until_text(agreement, as_of),
                status=_(AGREEMENT_STATUSES.label(agreement.status)),
                groups=_groups_of(agreement, countries, group_by, language),
            )
        )
    register = AgreementRegister(as_of=as_of or dt.date.today(), status_filter=status, group_by=group_by,
                                 language=language)  # fmt: skip
    if group_by is None:
        register.groups = [("", rows)]
    else:
        grouped: dict[str, list[RegisterRow]] = defaultdict(list)
        for row in rows:
            for group in row.groups:
                grouped[group].append(row)
        if group_by == "year":
            keys = sorted(grouped, key=lambda key: (not key.isdigit(), key))
        elif group_by == "status":  # in the order of an agreement's life, whatever the language
            order = [_(label) for _code, label in AGREEMENT_STATUSES]
            keys = sorted(grouped, key=lambda key: order.index(key) if key in order else len(order))
        else:
            keys = sorted(grouped, key=lambda key: (key == _("No country"), key.casefold()))
        register.groups = [(key, grouped[key]) for key in keys]
    for number, row in enumerate(register.rows, start=1):  # one number per agreement, wherever it is listed
        row.number = number
    return register


def _groups_of(
    agreement: Agreement | SimpleNamespace, countries: list[str], group_by: str | None, language: str
) -> list[str]:
    if group_by == "country":
        names = [country_name(code, language.replace("-", "_")) for code in dict.fromkeys(countries)]
        return names or [_("No country")]
    if group_by == "status":
        return [_(AGREEMENT_STATUSES.label(agreement.status))]
    if group_by == "year":
        return [str(agreement.signed_on.year) if agreement.signed_on else _("Not signed")]
    return [""]


def _party_text(party: list[str]) -> str:
    """'Name (Country)' with a name the PDF font can print (a Korean original falls back to another language)."""
    from app.exporters.fonts import first_printable

    *names, country = party
    name = first_printable(*names)
    return f"{name} ({country})" if country else name


def _subtitle(register: AgreementRegister) -> list[str]:
    lines = [_("As of {date}").format(date=format_date(register.as_of))]
    if register.status_filter:
        lines.append(_("Status: {status}").format(status=_(AGREEMENT_STATUSES.label(register.status_filter))))
    if register.group_by:
        lines.append(_("Grouped by: {grouping}").format(grouping=_(GROUPINGS[register.group_by]).lower()))
    if register.listed_in_several_groups:
        lines.append(_("An agreement with partners in several countries is listed under each of them."))
    return lines


def _register_cells(row: RegisterRow) -> dict[str, str]:
    """The texts of a register row's cells, printable in the PDF font."""
    from app.exporters.fonts import first_printable

    return {
        "number": str(row.number),
        "reg_number": row.reg_number,
        "parties": "\n".join(_party_text(party) for party in row.parties),
        "kind": row.kind,
        "title": first_printable(*row.title),
        "signed": unbroken(format_date(row.signed)) if row.signed else "",
        "until": row.until,
        "status": row.status,
    }


def write_register_pdf(register: AgreementRegister, path, *, organisation: str, progress=None, cancelled=None):  # noqa: ANN001, ANN201
    """The register as an official A4-landscape PDF, in the register's language."""
    with translator_for(register.language).in_use():
        return _register_pdf(register, path, organisation=organisation, progress=progress, cancelled=cancelled)


def _register_pdf(register: AgreementRegister, path, *, organisation: str, progress=None, cancelled=None):  # noqa: ANN001, ANN202
    """The register as an official A4-landscape PDF (Cancel is asked between its groups and at every page)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether

    from app.exporters.pdf import (
        PageTexts,
        build_pdf,
        column_widths,
        data_table,
        group_heading,
        heading_block,
        section_heading,
        total_line,
        wrap,
    )
    from app.exporters.progress import steps_of

    steps = steps_of(progress, cancelled)
    title = _("Register of agreements")
    texts = PageTexts(
        organisation=organisation,
        title=title,
        printed=_("Printed {date}").format(date=format_date(dt.date.today())),
        page_of=_("Page {page} of {pages}"),
    )
    headers = [_(header) for _key, header, _weight in COLUMNS]
    texts_of = {id(row): [cells[key] for key, _h, _w in COLUMNS] for row in register.rows
                for cells in (_register_cells(row),)}  # fmt: skip
    widths = column_widths(headers, list(texts_of.values()), [weight for _k, _h, weight in COLUMNS], 297 * mm - 30 * mm)
    story = heading_block(texts, _subtitle(register))
    for label, group in register.groups:
        steps.check()
        rows = [[wrap(text, width - 6) for text, width in zip(texts_of[id(row)], widths, strict=True)] for row in group]
        if not register.group_by:
            story.append(data_table(headers, rows, widths, numeric_columns=[0]))
            continue
        subtotal = total_line(ngettext("Subtotal: {count} agreement", "Subtotal: {count} agreements",
                                       len(group)).format(count=len(group)))  # fmt: skip
        heading = f"{label} ({len(group)})"
        if len(group) <= WHOLE_GROUP:  # a small group is not split over two pages: heading, rows and subtotal
            story.append(KeepTogether([group_heading(heading), data_table(headers, rows, widths, numeric_columns=[0]),
                                       subtotal]))  # fmt: skip
        else:
            story += [*section_heading(heading), data_table(headers, rows, widths, numeric_columns=[0]), subtotal]
    total = len(register.rows)
    story.append(total_line(ngettext("Total: {count} agreement", "Total: {count} agreements", total).format(
        count=total)))  # fmt: skip
    return build_pdf(path, story, texts, steps=steps)


def write_register_xlsx(register: AgreementRegister, path, *, organisation: str, progress=None, cancelled=None):  # noqa: ANN001, ANN201
    """The register as an Excel sheet, in the register's language."""
    with translator_for(register.language).in_use():
        return _register_xlsx(register, path, organisation=organisation, progress=progress, cancelled=cancelled)


def _register_xlsx(register: AgreementRegister, path, *, organisation: str, progress=None, cancelled=None):  # noqa: ANN001, ANN202
    """The same register as an Excel sheet: a group column instead of group headings, and the end of the term as a
    date beside what else is said of the term (renewal, open-ended)."""
    from app.exporters.xlsx import Column, Sheet, workbook_steps, write_workbook
    from app.services.registers.list_export import workbook_texts

    widths = {"number": 6, "parties": 50, "title": 55, "until": 12}
    kinds = {"number": "int", "signed": "date", "until": "date"}
    keys = [key for key, _header, _weight in COLUMNS if not (key == "status" and register.group_by == "status")]
    headers = {key: header for key, header, _weight in COLUMNS}
    columns = [Column(_(headers[key]), kinds.get(key, "text"), widths.get(key, 18)) for key in keys]
    columns.insert(keys.index("until") + 1, Column(_("Term"), "label", 22))
    if register.group_by:
        columns.insert(1, Column(_(GROUPINGS[register.group_by]), "text", 20))
    rows = []
    for label, group in register.groups:
        for row in group:
            cells = {"number": row.number, "reg_number": row.reg_number, "kind": row.kind, "signed": row.signed,
                     "parties": "; ".join(_joined_party(p) for p in row.parties), "until": row.ends,
                     "title": row.title[0] if row.title else "", "status": row.status}  # fmt: skip
            values = [cells[key] for key in keys]
            values.insert(keys.index("until") + 1, row.term_note)
            if register.group_by:
                values.insert(1, int(label) if register.group_by == "year" and label.isdigit() else label)
            rows.append(values)
    sheet = Sheet(
        name=_("Register of agreements"),
        title=f"{organisation} — {_('Register of agreements')}",
        info=_subtitle(register),
        columns=columns,
        rows=rows,
        total=len(rows),
    )
    on_rows, cancelled = workbook_steps(progress, cancelled, len(rows))
    return write_workbook(path, [sheet], texts=workbook_texts(organisation), progress=on_rows,
                          cancelled=cancelled)  # fmt: skip


def _joined_party(party: list[str]) -> str:
    *names, country = party
    return f"{names[0]} ({country})" if country else names[0]
