"""The import wizard's pages for several workbooks or sheets at once: each table with the register its headers
propose (the officer confirms or changes it), one preview of every problem, then the import, each file all or none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QProgressBar, QVBoxLayout, QWizard, QWizardPage

from app.i18n import _, ngettext
from app.services.registers.specs import spec_of
from app.ui.imports.pages import ImportSteps, read_only_table, table_item
from app.ui.imports.problem_report import ProblemReportButton
from app.ui.shell.hub import hub


class SheetsPage(QWizardPage):
    """Every table of the chosen workbooks and the register each goes to."""

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.setObjectName("import_sheets_page")
        self.owner = wizard
        self.setTitle(_("Sheets"))
        self.setSubTitle(_("Each table goes to the register its columns name. Check it, change it or leave it out."))
        self.table = read_only_table("import_sheets_table", [_("Workbook and sheet"), _("Rows"), _("Register")])
        self.table.setAccessibleName(_("Sheets"))
        self.status = QLabel()
        self.status.setObjectName("import_sheets_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.choices: list[Any] = []
        self.combos: list[QComboBox] = []
        self.loaded: tuple[str, ...] | None = None
        self.messages: list[str] = []  # the files or sheets that cannot be imported, and why

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        from app.services.imports.batch import find_sheets

        paths = tuple(self.owner.source.paths())
        if self.loaded == paths:
            return
        self.loaded, self.choices, self.combos, self.messages = paths, [], [], []
        self.table.setRowCount(0)
        self.status.setText(_("Reading the sheets…"))
        self.completeChanged.emit()
        self.owner.start(lambda _progress: find_sheets(paths, cancelled=self.owner.cancelled), self._show)

    def _show(self, found: tuple[list[Any], list[str]]) -> None:
        from app.services.imports.mapping import importable_registers

        self.choices, messages = found
        self.messages = list(messages)
        self.table.setRowCount(len(self.choices))
        for index, choice in enumerate(self.choices):
            self.table.setItem(index, 0, table_item(choice.label))
            self.table.setItem(index, 1, table_item(len(choice.rows.rows)))
            combo = QComboBox()
            combo.setObjectName(f"import_sheet_register_{index}")
            combo.setAccessibleName(_("Register of {sheet}").format(sheet=choice.label))
            combo.addItem(_("— not imported —"), "")
            for name in importable_registers():
                combo.addItem(_(spec_of(name).title), name)
            combo.setCurrentIndex(max(combo.findData(choice.register or ""), 0))
            combo.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())
            self.table.setCellWidget(index, 2, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.status.setText("\n".join(messages))
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        self.status.setText(message)

    def chosen(self) -> list[Any]:
        """The tables to import, with the registers the officer confirmed (and their suggested mappings)."""
        from app.services.imports.mapping import suggest_mapping

        found = []
        for choice, combo in zip(self.choices, self.combos, strict=True):
            register = combo.currentData()
            if register:
                if register != choice.register:
                    choice.register, choice.mapping = register, suggest_mapping(register, choice.rows.headers)
                found.append(choice)
        return found

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return any(combo.currentData() for combo in self.combos)


class BatchPreviewPage(QWizardPage):
    """One preview of every table: what each will do and every problem, with its workbook and sheet."""

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.setObjectName("import_batch_preview_page")
        self.owner = wizard
        self.setTitle(_("Preview"))
        self.setSubTitle(_("Nothing has been written yet. Read the problems and duplicates, then import."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        headers = [_("Workbook and sheet"), _("Register"), _("What the import will do")]
        self.summary = read_only_table("import_batch_summary", headers)
        self.summary.setAccessibleName(_("What the import will do"))
        self.problems = read_only_table("import_batch_problems", [_("Workbook and sheet"), _("Problem")])
        self.problems.setAccessibleName(_("Problems"))
        self.skip_invalid = QCheckBox(_("Leave out the rows with problems and import the others"))
        self.skip_invalid.setObjectName("import_batch_skip_invalid")
        self.skip_invalid.toggled.connect(lambda _checked: self.completeChanged.emit())
        self.progress = QProgressBar()
        self.progress.setObjectName("import_batch_progress")
        self.report = ProblemReportButton(wizard, self.checked, "import_batch_save_problems")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(QLabel(_("Problems")))
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.report)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.progress)
        self.plans: list[Any] | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        from app.services.imports.batch import check_files

        choices = self.owner.sheets_page.chosen()
        self.plans = None
        self.progress.setRange(0, 0)
        self.progress.show()
        self.report.refresh()
        self.completeChanged.emit()
        self.owner.start(lambda _progress: check_files(choices, cancelled=self.owner.cancelled), self._show)

    def _show(self, plans: list[Any]) -> None:
        self.progress.hide()
        self.plans = plans
        self.summary.setRowCount(len(plans))
        problems = []
        for index, (choice, plan) in enumerate(plans):
            self.summary.setItem(index, 0, table_item(choice.label))
            self.summary.setItem(index, 1, table_item(_(spec_of(choice.register).title)))
            self.summary.setItem(index, 2, table_item(" ".join(plan.preview_lines())))
            problems += [(choice.label, problem.text()) for problem in plan.problems]
        self.problems.setRowCount(len(problems))
        for index, (label, text) in enumerate(problems):
            self.problems.setItem(index, 0, table_item(label))
            self.problems.setItem(index, 1, table_item(text))
        for table in (self.summary, self.problems):
            table.resizeColumnToContents(0)
            table.resizeRowsToContents()
        self.skip_invalid.setVisible(self.has_problems)
        self.report.refresh()
        self.completeChanged.emit()

    def checked(self) -> tuple[list[tuple[Any, Any]], list[str]]:
        """The checked tables (workbook and plan) and the notes about unreadable files, for the problem report."""
        if self.plans is None:
            return [], []
        return [(choice.path, plan) for choice, plan in self.plans], self.owner.sheets_page.messages

    @property
    def has_problems(self) -> bool:
        return any(plan.has_problems for _choice, plan in self.plans or [])

    def failed(self, message: str) -> None:
        self.progress.hide()
        self.problems.setRowCount(1)
        self.problems.setItem(0, 1, table_item(message))

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.plans is not None and (not self.has_problems or self.skip_invalid.isChecked())


class BatchResultPage(QWizardPage):
    """The import of every chosen table, each file in one transaction, and what it wrote."""

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.setObjectName("import_batch_result_page")
        self.owner = wizard
        self.setTitle(_("Import"))
        self.summary = QLabel()
        self.summary.setObjectName("import_batch_result_summary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("import_batch_result_progress")
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.results: list[Any] | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        from app.services.imports.batch import import_files

        choices = self.owner.sheets_page.chosen()
        skip = self.owner.batch_preview.skip_invalid.isChecked()
        self.results = None
        self.progress.setRange(0, 0)
        self.summary.setText(_("Importing… Cancel stops the import and writes nothing."))

        def work(_progress: Callable[[int, int], None]) -> Any:
            return import_files(choices, skip_invalid=skip, cancelled=self.owner.cancelled)

        self.owner.start(work, self._finished)

    def _finished(self, results: list[Any]) -> None:
        self.results = results
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        lines = []
        for result in results:
            if result.refused:
                lines.append(f"{result.path.name}: {result.refused}")
            for choice, summary in result.summaries:
                lines.append(f"{choice.label}: " + " ".join(summary.lines()))
        created = sum(s.created for r in results for _c, s in r.summaries)
        lines.append(ngettext("{count} record created in all.", "{count} records created in all.", created).format(
            count=created
        ))
        self.summary.setText("\n".join(lines))
        hub.data_reset.emit()
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        self.results = []
        self.progress.hide()
        self.summary.setText(message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.results is not None
