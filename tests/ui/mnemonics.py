"""The access keys (the letter after & in a menu's or a dialog's texts) of a menu bar, a menu or a window."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QMenuBar, QTabWidget, QWidget


def mnemonic(text: str) -> str | None:
    """The access key of `text` ("&Save" → "s"; "&&" is a literal ampersand), lower-cased, or None."""
    text = text.split("\t")[0]
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def repeated(texts: list[str]) -> dict[str, list[str]]:
    """Access keys used by more than one of `texts`, with the texts that share each."""
    keys = Counter(key for key in map(mnemonic, texts) if key)
    return {key: [t for t in texts if mnemonic(t) == key] for key, n in keys.items() if n > 1}


def menu_texts(menu: QMenu | QMenuBar) -> list[str]:
    """The texts of a menu's (or a menu bar's) visible entries."""
    return [action.text() for action in menu.actions() if action.isVisible() and not action.isSeparator()]


def window_texts(window: QWidget) -> list[str]:
    """The texts with access keys that work at once in a window: its visible labels, buttons, group boxes and tabs
    (a label's key moves to its buddy; each one must be unique)."""
    texts = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or isinstance(widget, QMenu):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None or isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
    return texts
