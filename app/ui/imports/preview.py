"""The import wizard's last pages: what the import will do (problems, duplicates), then the import and what it wrote."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QProgressBar, QVBoxLayout, QWizard, QWizardPage

from app.i18n import _
from app.ui.imports.pages import ImportSteps, read_only_table, table_item
from app.ui.imports.problem_report import ProblemReportButton
from app.ui.shell.hub import hub


class PreviewPage(QWizardPage):
    """What the import will do: every problem by row and column, every duplicate; nothing is written yet."""

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.setObjectName("import_preview_page")
        self.owner = wizard
        self.setTitle(_("Preview"))
        self.setSubTitle(_("Nothing has been written yet. Read the problems and duplicates, then import."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.duplicate_combo = QComboBox()
        self.duplicate_combo.setObjectName("import_duplicate_combo")
        self.duplicate_combo.addItem(_("Skip them"), "skip")
        self.duplicate_combo.addItem(_("Update the records with them"), "update")
        self.duplicate_combo.addItem(_("Create records anyway"), "create")
        self.duplicate_combo.currentIndexChanged.connect(lambda _index: self.plan_now())
        self.summary = QLabel()
        self.summary.setObjectName("import_preview_summary")
        self.summary.setWordWrap(True)
        self.problems = read_only_table("import_problems_table", [_("Row"), _("Column"), _("Problem")])
        self.duplicates = read_only_table("import_duplicates_table", [_("Row"), _("Title"), _("Repeats")])
        self.skip_invalid = QCheckBox(_("Leave out the rows with problems and import the others"))
        self.skip_invalid.setObjectName("import_skip_invalid_check")
        self.skip_invalid.toggled.connect(lambda _checked: self.completeChanged.emit())
        self.progress = QProgressBar()
        self.progress.setObjectName("import_preview_progress")
        self.report = ProblemReportButton(wizard, self.checked, "import_save_problems")
        form = QFormLayout()
        form.addRow(_("Rows that repeat a record or an earlier row"), self.duplicate_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(_("Problems")))
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.report)
        layout.addWidget(QLabel(_("Duplicates")))
        layout.addWidget(self.duplicates, 1)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.progress)
        self.plan = None
        self.token = 0  # results of an earlier check that arrive late are dropped

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.plan_now()

    def plan_now(self) -> None:
        """Check every row against the fields' rules and the register (on the worker thread)."""
        from app.services.imports.importer import plan_import

        mapping_page = self.owner.mapping_page
        sheet, register = mapping_page.sheet, mapping_page.loaded[2]
        mapping, on_duplicate = mapping_page.mapping(), self.duplicate_combo.currentData()
        self.plan = None
        self.summary.setText(_("Checking the rows…"))
        self.problems.setRowCount(0)
        self.duplicates.setRowCount(0)
        self.progress.show()
        self.report.refresh()
        self.completeChanged.emit()

        def work(progress: Callable[[int, int], None]) -> Any:
            return plan_import(
                register=register,
                sheet=sheet,
                mapping=mapping,
                on_duplicate=on_duplicate,
                progress=progress,
                cancelled=self.owner.cancelled,
            )

        self.token += 1
        token = self.token
        self.owner.start(work, lambda plan: token == self.token and self._show(plan), self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def failed(self, message: str) -> None:
        self.progress.hide()
        self.summary.setText(message)

    def _show(self, plan: Any) -> None:
        self.progress.hide()
        self.plan = plan
        self.summary.setText("\n".join(plan.preview_lines()))
        problems = plan.problems
        self.problems.setRowCount(len(problems))
        for index, problem in enumerate(problems):
            column = f"{problem.letter} “{problem.column}”" if problem.letter else problem.column
            for position, text in enumerate((problem.row or "", column, problem.message)):
                self.problems.setItem(index, position, table_item(text))
        repeated = [row for row in plan.rows if row.duplicate_text()]
        self.duplicates.setRowCount(len(repeated))
        for index, row in enumerate(repeated):
            for position, text in enumerate((row.row, row.title, row.duplicate_text())):
                self.duplicates.setItem(index, position, table_item(text))
        for table in (self.problems, self.duplicates):
            for column in range(table.columnCount() - 1):  # the last column takes the rest of the width
                table.resizeColumnToContents(column)
            if table.rowCount() <= 500:  # wrapped texts in full; a long list keeps one line a row (fast)
                table.resizeRowsToContents()
        self.skip_invalid.setVisible(plan.has_problems)
        self.report.refresh()
        self.completeChanged.emit()

    def checked(self) -> tuple[list[tuple[str, Any]], list[str]]:
        """The checked table (its workbook and plan) for the problem report; none while the check runs."""
        loaded = self.owner.mapping_page.loaded
        return ([(loaded[0], self.plan)] if self.plan is not None and loaded else []), []

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        if self.plan is None:
            return False
        return not self.plan.has_problems or self.skip_invalid.isChecked()


class ResultPage(QWizardPage):
    """The import itself, with its progress, then what was written."""

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.setObjectName("import_result_page")
        self.owner = wizard
        self.setTitle(_("Import"))
        self.summary = QLabel()
        self.summary.setObjectName("import_result_summary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("import_result_progress")
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.done = False
        self.result = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        from app.services.imports.importer import run_import

        preview = self.owner.preview_page
        plan, skip_invalid = preview.plan, preview.skip_invalid.isChecked()
        self.done = False
        self.summary.setText(_("Importing… Cancel stops the import and writes nothing."))

        def work(progress: Callable[[int, int], None]) -> Any:
            return run_import(plan, skip_invalid=skip_invalid, progress=progress, cancelled=self.owner.cancelled)

        self.owner.start(work, self._finished, self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def _finished(self, summary: Any) -> None:
        self.result = summary
        self.done = True
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.summary.setText("\n".join(summary.lines()))
        hub.data_reset.emit()
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        self.done = True
        self.progress.hide()
        self.summary.setText(message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.done
