"""The window's pages by name: the dashboard, the world map, a country, the reports, the departments' submissions,
and every register's list. Each page's module is imported when the page is first shown (start-up speed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.ui.shell import settings as app_settings
from app.ui.shell.tasks import keep_long_lived

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

START = "start"
REPORTS = "reports"
WORLD_MAP = "world_map"
COUNTRY = "country"
SUBMISSIONS = "submissions"


def create_page(name: str, window: QMainWindow) -> QWidget:
    """A new page `name`, its requests (open a record, load the sample …) answered by `window`."""
    if name == START:
        from app.ui.pages.dashboard import Dashboard

        page = Dashboard(app_settings.organisation_name())
        page.open_record.connect(window.open_record)
        page.load_sample.connect(window.load_sample_data)
        page.new_partner.connect(window.new_partner)
        page.import_workbook.connect(window.open_import)
        return page
    if name == WORLD_MAP:
        from app.ui.pages.world_map import WorldMapPage

        return WorldMapPage()
    if name == COUNTRY:
        from app.ui.pages.country_page import CountryPage

        return CountryPage()
    if name == SUBMISSIONS:
        from app.ui.submissions.page import SubmissionsPage

        return SubmissionsPage()
    if name == REPORTS:
        from app.ui.pages.reports import ReportsPage

        return ReportsPage(app_settings.organisation_name)
    if name == "exchange":  # the list with the balance of books sent and received beside it
        from app.ui.registers.exchange_page import ExchangePage

        keep_long_lived()
        return ExchangePage()
    from app.ui.registers.list_page import RegisterPage

    keep_long_lived()  # the list's modules are loaded for good: its opening pays no full walk of them
    return RegisterPage(name)
