"""What a screen reader hears: names for the controls of a form field, taken from the field's label."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

from app.i18n import _

#: The object name of the labels `tie_labels` adds (not captions of their own).
TIED_LABEL = "accessible_label"

#: The kinds of control a user acts on and a screen reader announces.
CONTROLS = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def _inner_part(widget: QWidget, field: QWidget) -> bool:
    """Whether `widget` is a piece of another control (a combo box's line edit, a table's header) inside `field`."""
    parent = widget.parentWidget()
    while parent is not None and parent is not field:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def controls_of(field: QWidget) -> list[QWidget]:
    """The controls a user reaches inside `field` (itself included when it is one), in their order."""
    found = [field] if isinstance(field, CONTROLS) else []
    found += [child for child in field.findChildren(QWidget) if isinstance(child, CONTROLS)]
    return [widget for widget in found if not _inner_part(widget, field)]


def _captions(field: QWidget) -> dict[QWidget, str]:
    """Each control inside `field` that a label of its own is tied to, with that label's text ("Русский")."""
    return {
        label.buddy(): label.text().replace("&", "")
        for label in field.findChildren(QLabel)
        if label.buddy() is not None and label.text() and label.objectName() != TIED_LABEL
    }


def name_field(label: str, field: QWidget) -> None:
    """Name the controls of a form field after its label `label` ("Name"): the field's main control takes the
    label; a control with a caption of its own is called "label (caption)" ("Name (Русский)"); a button that has
    only an icon, "label: what it does" ("Valid until: choose in a calendar"). Names set by the field stay."""
    label = label.replace("&", "").rstrip(" *")
    captions = _captions(field)
    controls = controls_of(field)
    main = field.focusProxy() or (controls[0] if controls else None)
    for control in controls:
        if control.accessibleName():
            continue
        caption = captions.get(control)
        if caption:
            control.setAccessibleName(f"{label} ({caption})")
        elif isinstance(control, QAbstractButton):
            what = control.text().replace("&", "") or control.toolTip()
            control.setAccessibleName(f"{label}: {what}" if what else label)
        elif control is main or len(controls) == 1:
            control.setAccessibleName(label)
        else:
            hint = control.toolTip() or (control.placeholderText() if isinstance(control, QLineEdit) else "")
            control.setAccessibleName(f"{label} ({hint})" if hint else label)
    if main is not None and not main.accessibleName():
        main.setAccessibleName(label)
    tie_labels(field)
    for edit in [field, *field.findChildren(QLineEdit)]:
        if isinstance(edit, QLineEdit):
            name_clear_button(edit)


def name_clear_button(edit: QLineEdit) -> None:
    """Name the × button a text box shows while it holds text, if it has one (Qt leaves it nameless)."""
    if edit.isClearButtonEnabled():
        for button in edit.findChildren(QToolButton):
            button.setAccessibleName(_("Clear the text"))


def _tied(combo: QComboBox) -> bool:
    parent = combo.parentWidget()
    return parent is not None and any(
        label.buddy() is combo
        for label in parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly)
    )


def tie_labels(root: QWidget) -> None:
    """Give each combo box under `root` a label tied to it that says its accessible name.

    On Linux, Qt's accessibility bridge (AT-SPI) names a combo box by its current item and drops setAccessibleName;
    the only name it passes on is a label's whose buddy the combo box is, and only from a label beside it (a child
    of the same parent). A field's caption sits in the form, outside the field, and a list's filters say what they
    filter in their first item: so each gets a hidden label of its own, beside it, with its name (Orca speaks
    "Kind, University, combo box"). A combo box already tied to a label beside it, or without a name, is left."""
    for combo in [root, *root.findChildren(QComboBox)]:
        if not isinstance(combo, QComboBox) or not combo.accessibleName() or combo.parentWidget() is None:
            continue
        if _tied(combo):
            continue
        label = QLabel(combo.accessibleName(), combo.parentWidget())
        label.setObjectName(TIED_LABEL)
        label.setBuddy(combo)
        label.hide()


def name_toolbar_extension(toolbar: QToolBar) -> None:
    """Name the » button a tool bar shows when its actions do not fit (Qt leaves it nameless)."""
    for button in toolbar.findChildren(QToolButton, "qt_toolbar_ext_button"):
        button.setAccessibleName(_("More actions"))
        button.setToolTip(_("More actions"))


def name_list_page(
    toolbar: QToolBar, search: QLineEdit, table: QAbstractItemView, preview: QWidget, title: str
) -> None:
    """Name a register page's parts after what they are ("Partners" for its list) and let Tab leave its list (the
    arrows move inside it; Tab walking thousands of cells would be a trap)."""
    name_toolbar_extension(toolbar)
    search.setAccessibleName(_("Search in this list"))
    name_clear_button(search)
    if search.parentWidget() is not None:
        tie_labels(search.parentWidget())  # the filters beside the search
    table.setAccessibleName(title)
    table.setTabKeyNavigation(False)
    preview.setAccessibleName(_("The selected record"))
