"""The dashboard's charts, drawn by QtCharts: delegations by country and activity by month."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter

from app.i18n import _, babel_locale
from app.text.countries import country_name
from app.ui.pages.chart_figures import describe_chart, follow_palette

#: The most countries a chart names (the rest are summed up as 'other countries').
TOP_COUNTRIES = 12


def _count_axis(highest: int) -> QValueAxis:
    """An axis of whole counts from 0, with a tick every 1, 2, 5, 10 … so that labels never repeat."""
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    step = next(step for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10**9) if highest / step <= 8)
    axis.setRange(0, max(step, (highest // step + 1) * step))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    return axis


def _view(chart: QChart, name: str) -> QChartView:
    chart.setMargins(QMargins(4, 4, 4, 4))
    follow_palette(chart)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(300)
    return view


def country_chart(year: int, counts: list[tuple[str, int]]) -> QChartView:
    """Delegations received in `year` per country, as horizontal bars (most at the top)."""
    shown = counts[:TOP_COUNTRIES]
    rest = sum(count for _code, count in counts[TOP_COUNTRIES:])
    names = [country_name(code, babel_locale()) for code, _count in shown]
    values = [count for _code, count in shown]
    if rest:
        names.append(_("Other countries"))
        values.append(rest)
    bars = QBarSet(_("Delegations"))
    bars.append([float(v) for v in reversed(values)])
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    chart = QChart()
    title = _("Delegations by country, {year}").format(year=year)
    chart.setTitle(title if counts else _("{chart}: none").format(chart=title))
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.setTruncateLabels(False)
    categories.append(list(reversed(names)))
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    axis = _count_axis(max(values or [0]))
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    chart.legend().setVisible(False)
    view = _view(chart, "chart_countries")
    rows = [(name, str(value)) for name, value in zip(names, values, strict=True)]
    describe_chart(view, chart.title(), [_("Country"), _("Delegations")], rows)
    return view


def activity_chart(year: int, months: dict[str, list[int]]) -> QChartView:
    """Visits, trips and events per month of `year`, as grouped bars."""
    from babel.dates import get_month_names

    series = QBarSeries()
    for key, label in (("visits", _("Delegation visits")), ("trips", _("Business trips")), ("events", _("Events"))):
        bars = QBarSet(label)
        bars.append([float(v) for v in months[key]])
        series.append(bars)
    chart = QChart()
    chart.setTitle(_("Activity by month, {year}").format(year=year))
    chart.addSeries(series)
    names = get_month_names("abbreviated", context="stand-alone", locale=babel_locale())
    categories = QBarCategoryAxis()
    categories.setTruncateLabels(False)
    categories.append([names[month].rstrip(".")[:3] for month in range(1, 13)])  # 'янв', not 'янв.': they fit
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    axis = _count_axis(max((max(values) for values in months.values()), default=0))
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis)
    legend = chart.legend()
    font = legend.font()
    font.setPointSizeF(font.pointSizeF() * 0.85)  # the three names fit beside each other in Russian and Uzbek too
    legend.setFont(font)
    legend.setShowToolTips(True)  # a name still cut on a narrow window is shown whole on hover
    view = _view(chart, "chart_activity")
    headers = [_("Month"), *(bars.label() for bars in series.barSets())]
    months_named = get_month_names("wide", context="stand-alone", locale=babel_locale())
    rows = [(months_named[m + 1], *(str(months[key][m]) for key in ("visits", "trips", "events"))) for m in range(12)]
    describe_chart(view, chart.title(), headers, rows)
    return view
