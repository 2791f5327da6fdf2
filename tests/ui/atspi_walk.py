"""Walk Hamkor's window through AT-SPI, as Orca does on Linux, and list the interactive elements it would announce
without a name: the dashboard, every register page and the new-record form of each register, in each language.

It runs Hamkor for real: a fresh SQLite file with the sample data, the app on its own X display (Xvfb) inside its own
D-Bus session with the accessibility bus, Qt's AT-SPI bridge on (QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1). Pages are
opened as a screen-reader user does, through the Go menu's items (their "Press" action); the new-record form by its
keyboard shortcut (Ctrl+N, typed with xdotool), the first record's form by selecting the list's first row (the
table's AT-SPI selection) and Ctrl+O; the form's tabs by their "Press" action; Escape closes the form. Each page is
also walked with text in its search box, which shows the box's × button.

Run it with the system Python, which has pyatspi (python3-pyatspi), and name the Python that has Hamkor's
dependencies:

    /usr/bin/python3 tests/ui/atspi_walk.py --python /work/venv/bin/python --lang ru --json walk.json

It needs Xvfb, dbus-run-session, xdotool and at-spi2-core. Exit status 0 when every interactive element has a name,
1 when some have none (they are listed), 2 when the walk could not be made.

What counts as named is what Orca speaks: the element's own name, or the text of the label its "labelled-by"
relation points to (a buddy label). A combo box is the exception: Qt's bridge on Linux gives a combo box its
current value as its name, and Orca speaks that value after the label anyway, so a combo box whose only "name" is
its current value has none: it is named by a labelled-by label or by a name that is not its value.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REGISTERS = (
    "partners",
    "contacts",
    "memberships",
    "agreements",
    "projects",
    "events",
    "visits",
    "trips",
    "correspondence",
    "gifts",
    "exchange",
    "loans",
    "funding",
    "plan",
    "departments",
    "employees",
)
INNER = "HAMKOR_ATSPI_WALK_INNER"

#: What a user acts on, and so must hear named. Scroll bars are left out: Qt gives them no focus and Orca never
#: lands on them (the list they scroll is named). Containers (panels, fillers, tool bars) and labels are not acted on.
INTERACTIVE = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "password text",
    "entry",
    "spin button",
    "slider",
    "dial",
    "table",
    "tree table",
    "tree",
    "list",
    "list box",
    "page tab",
    "menu item",
    "check menu item",
    "radio menu item",
    "link",
    "date editor",
    "calendar",
}
#: Views whose thousands of cells are not walked: the view is the element (its cells speak their text).
VIEWS = {"table", "tree table", "tree", "list", "list box"}


def need(*programs: str) -> list[str]:
    """The programs of `programs` that are not installed."""
    return [program for program in programs if shutil.which(program) is None]


# -- inside the D-Bus session -----------------------------------------------------------------------------------


def _state(acc, state) -> bool:  # noqa: ANN001 - pyatspi objects
    try:
        return acc.getState().contains(state)
    except Exception:  # noqa: BLE001 - an element that went away while being read
        return False


def _labelled_by(acc) -> list[str]:  # noqa: ANN001
    import pyatspi

    names = []
    try:
        relations = acc.getRelationSet()
    except Exception:  # noqa: BLE001
        return names
    for relation in relations:
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for i in range(relation.getNTargets()):
                target = relation.getTarget(i)
                if target is not None and target.name.strip():
                    names.append(target.name.replace("&", "").strip())
    return names


def _value_of_combo(acc) -> str:  # noqa: ANN001
    """The text a combo box shows (its current item, or its line edit's text)."""
    try:
        text = acc.queryText()
        return text.getText(0, -1).strip()
    except Exception:  # noqa: BLE001
        pass
    for child in acc:
        if child is None:
            continue
        role = child.getRoleName()
        if role == "text":
            try:
                return child.queryText().getText(0, -1).strip()
            except Exception:  # noqa: BLE001
                return child.name.strip()
        if role in ("list", "menu"):
            for item in child:
                if item is not None and _state(item, _states().STATE_SELECTED):
                    return item.name.strip()
    return acc.name.strip()


def _states():  # noqa: ANN202
    import pyatspi

    return pyatspi


def describe(acc) -> dict:  # noqa: ANN001
    """Role, name, labelled-by labels and whether Orca would speak a name for `acc`."""
    pyatspi = _states()
    role = acc.getRoleName()
    name = acc.name.strip()
    labels = _labelled_by(acc)
    own = name
    if role == "combo box" and name and name == _value_of_combo(acc):
        own = ""  # its value, not a name
    editable = _state(acc, pyatspi.STATE_EDITABLE)
    return {
        "role": role,
        "name": name,
        "labelled_by": labels,
        "named": bool(own or labels),
        "id": acc.accessibleId,
        "focusable": _state(acc, pyatspi.STATE_FOCUSABLE),
        "editable": editable,
    }


def interactive(acc, role: str) -> bool:  # noqa: ANN001
    if role not in INTERACTIVE:
        return False
    if role == "text":  # read-only text a user cannot reach is a label (Qt shows some labels as "text")
        pyatspi = _states()
        return _state(acc, pyatspi.STATE_EDITABLE) or _state(acc, pyatspi.STATE_FOCUSABLE)
    return True


def walk(acc, *, menus: bool = False) -> list[dict]:  # noqa: ANN001
    """Every interactive element shown under `acc` (with `menus`, also the items of the menu bar's menus, which are
    reached by the keyboard while hidden)."""
    pyatspi = _states()
    found: list[dict] = []

    def visit(node, inside_menu: bool) -> None:  # noqa: ANN001
        try:
            role = node.getRoleName()
        except Exception:  # noqa: BLE001
            return
        if role == "menu bar" and not menus:
            return
        in_menu = inside_menu or role == "menu bar"
        if not in_menu and not _state(node, pyatspi.STATE_SHOWING):
            return
        if interactive(node, role):
            found.append(describe(node))
        if role in VIEWS or role == "combo box":
            return  # cells and a combo box's popup list speak their text
        for child in node:
            if child is not None:
                visit(child, in_menu)

    visit(acc, False)
    return found


class Session:
    """Hamkor running on one display in one language, and the means to move around it."""

    def __init__(self, python: str, language: str, folder: Path, display: str) -> None:
        self.language = language
        self.display = display
        database = folder / f"sample-{language}.db"
        env = dict(os.environ)
        env.update(
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            QT_ACCESSIBILITY="1",
            HOME=str(folder / f"home-{language}"),  # settings of its own: no page remembered from another run
            XDG_CONFIG_HOME=str(folder / f"home-{language}" / "config"),
            XDG_DATA_HOME=str(folder / f"home-{language}" / "data"),
            HAMKOR_LANG=language,
        )
        env.pop("HAMKOR_DB", None)
        subprocess.run(
            [python, "-m", "app", "--db", str(database), "--lang", language, "demo"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.process = subprocess.Popen(
            [python, "-m", "app", "--db", str(database), "--lang", language], cwd=ROOT, env=env
        )
        self.app = self._wait(self._application, 180, "Hamkor's window on the accessibility bus")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    @staticmethod
    def _wait(probe, seconds: float, what: str):  # noqa: ANN001, ANN205
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = probe()
            if found:
                return found
            time.sleep(0.2)
        raise TimeoutError(f"not seen within {seconds} s: {what}")

    def _application(self):  # noqa: ANN202
        import pyatspi

        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.get_process_id() == self.process.pid and self._frame(app) is not None:
                return app
        return None

    @staticmethod
    def _frame(app):  # noqa: ANN001, ANN205
        for child in app:
            if child is not None and child.getRoleName() == "frame":
                return child
        return None

    def windows(self) -> list:
        """The application's top-level windows (main window, dialogs) that are shown."""
        pyatspi = _states()
        return [w for w in self.app if w is not None and _state(w, pyatspi.STATE_SHOWING)]

    @property
    def frame(self):  # noqa: ANN201
        return self._frame(self.app)

    def find(self, root, ends: str):  # noqa: ANN001, ANN201
        """The element under `root` whose accessible id ends with `ends`."""
        stack = [root]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            if node.accessibleId.endswith(ends):
                return node
            if node.getRoleName() not in VIEWS:
                stack.extend(node)
        return None

    def settle(self, root) -> list[dict]:  # noqa: ANN001
        """Walk `root` until two walks agree (pages fill their lists after they are shown)."""
        previous = None
        for _ in range(20):
            current = walk(root)
            if previous is not None and [e["id"] for e in current] == [e["id"] for e in previous]:
                return current
            previous = current
            time.sleep(0.3)
        return previous or []

    def _x(self, *args: str) -> str:
        done = subprocess.run(
            ["xdotool", *args], env=dict(os.environ, DISPLAY=self.display), capture_output=True, text=True
        )
        return done.stdout.strip()

    def key(self, window, keys: str) -> None:  # noqa: ANN001
        """Give `window` the keyboard (X's input focus on the window of that title) and type `keys` (xdotool's
        names: ctrl+n, Escape)."""
        title = window.name
        for x_window in self._x("search", "--pid", str(self.process.pid)).split():
            if self._x("getwindowname", x_window) == title:
                self._x("windowfocus", "--sync", x_window)
                break
        else:
            raise LookupError(f"no X window called {title!r}")
        self._x("key", "--clearmodifiers", keys)

    def close_dialogs(self) -> None:
        """Close the dialog the app opens on its own at start (the reminders: the sample has overdue deadlines) with
        Escape."""
        try:
            self._wait(lambda: any(w.getRoleName() == "dialog" for w in self.windows()), 10, "the reminders")
        except TimeoutError:
            return
        for window in self.windows():
            if window.getRoleName() == "dialog":
                self.key(window, "Escape")
                self._wait(
                    lambda w=window: not _state(w, _states().STATE_SHOWING) or w not in self.windows(),
                    10,
                    "dialog closed",
                )

    def go_overview(self) -> None:
        """Open the dashboard through the Go menu's first item (Overview)."""
        menu = self.find(self.frame, ".menu_go")
        if menu is None or menu.childCount == 0:
            raise LookupError("no Go menu")
        menu[0].queryAction().doAction(0)
        self._wait(
            lambda: _state(self.find(self.frame, "pages.page_start"), _states().STATE_SHOWING), 30, "the dashboard"
        )

    def go(self, register: str) -> None:
        """Open a register's page through the Go menu's item (its Press action)."""
        item = self.find(self.frame, f"menu_go.go_{register}")
        if item is None:
            raise LookupError(f"no Go menu item for {register}")
        item.queryAction().doAction(0)
        self._wait(
            lambda: _state(self.find(self.frame, f"pages.page_{register}"), _states().STATE_SHOWING),
            30,
            f"the {register} page",
        )

    def typed_in_search(self, register: str) -> list[dict]:
        """The page's elements while its search box holds text (its × button shows), the search emptied after."""
        search = self.find(self.frame, f"page_{register}.quick_search")
        if search is None:
            raise LookupError(f"no search box on the {register} page")
        search.queryEditableText().setTextContents("a")
        self._wait(lambda: any(e["id"].startswith(search.accessibleId + ".") for e in walk(search)), 10, "the × button")
        elements = self.settle(self.frame)
        search.queryEditableText().setTextContents("")
        return elements

    def _focus_events(self, seconds: float) -> list:
        """The elements that gained the keyboard ("object:state-changed:focused", what Orca listens to), waited for
        up to `seconds`, and a moment more for the rest of one move (a list's cell, then the list)."""
        from gi.repository import GLib

        context = GLib.MainContext.default()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self._focused:
            while context.iteration(False):
                pass
            time.sleep(0.02)
        settle = time.monotonic() + 0.2
        while time.monotonic() < settle:
            while context.iteration(False):
                pass
            time.sleep(0.02)
        found, self._focused = self._focused, []
        return found

    def tab_order(self) -> list[dict]:
        """What takes the keyboard, in turn, as Tab is pressed round the main window, as Orca hears it (the focus
        events Qt sends): whatever its role, a thing Tab stops on must have a name."""
        import pyatspi

        self._focused: list = []

        def gained(event) -> None:  # noqa: ANN001
            if event.detail1:
                self._focused.append(event.source)

        pyatspi.Registry.registerEventListener(gained, "object:state-changed:focused")
        stops: list[dict] = []
        seen: set[str] = set()
        try:
            for press in range(60):
                if press == 0:
                    self.key(self.frame, "Tab")  # the main window takes the keyboard once; Tab keeps it there
                else:
                    self._x("key", "--clearmodifiers", "Tab")
                events = [e for e in self._focus_events(3) if e is not None]
                if not events:
                    continue
                node = next((e for e in reversed(events) if e.getRoleName() != "table cell"), None)
                node = node or events[-1].parent  # a cell alone: its list
                key = f"{node.accessibleId} {node.getRoleName()}"
                if key in seen:
                    break  # round the window once
                seen.add(key)
                stops.append(describe(node))
        finally:
            pyatspi.Registry.deregisterEventListener(gained, "object:state-changed:focused")
        return stops

    def form(self, keys: str):  # noqa: ANN201
        """Open a form with the main window's shortcut `keys` (ctrl+n: a new record; ctrl+o: the selected one); the
        form's window."""
        before = {w.accessibleId for w in self.windows()}
        self.key(self.frame, keys)
        return self._wait(
            lambda: next(
                (w for w in self.windows() if w.getRoleName() == "dialog" and w.accessibleId not in before), None
            ),
            30,
            f"the form ({keys})",
        )

    def select_first_row(self, register: str) -> bool:
        """Select the first record of the page's list (its table's row selection); False when the list is empty."""
        table = self.find(self.frame, f"page_{register}.preview_splitter.register_table")
        if table is None:
            table = self.find(self.frame, "register_table")
        if table is None or table.queryTable().nRows == 0:
            return False
        return bool(table.queryTable().addRowSelection(0))

    def walk_form(self, form, place: str, places: dict[str, list[dict]]) -> None:  # noqa: ANN001
        """Walk `form` on each of its tabs, then close it with Escape."""
        places[place] = self.settle(form)
        tabs = self.tabs(form)
        for i, tab in enumerate(tabs[1:], start=2):
            tab.queryAction().doAction(0)
            self._wait(lambda t=tab: _state(t, _states().STATE_SELECTED), 10, "the tab shown")
            places[f"{place}, tab {i}"] = self.settle(form)
        if tabs:
            tabs[0].queryAction().doAction(0)
        self.key(form, "Escape")
        self._wait(lambda: form not in self.windows(), 20, "the form closed")

    def tabs(self, window) -> list:  # noqa: ANN001
        found = []
        stack = [window]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            role = node.getRoleName()
            if role == "page tab" and _state(node, _states().STATE_SHOWING):
                found.append(node)
            if role not in VIEWS:
                stack.extend(node)
        return sorted(found, key=lambda tab: tab.getIndexInParent())


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            raise RuntimeError("Xvfb did not start")
        number += chunk
    os.close(read)
    return xvfb, f":{number.decode().strip()}"


def walk_language(
    python: str, language: str, folder: Path, display: str, registers: list[str]
) -> dict[str, list[dict]]:
    """Each place's interactive elements in `language`: "menus", "dashboard", "page <register>" (and ", search
    typed"), "form <register>" (a new record's form) and "record <register>" (the first record's), each form on its
    first tab, then "…, tab N" for the others."""
    session = Session(python, language, folder, display)
    places: dict[str, list[dict]] = {}
    try:
        session.close_dialogs()
        places["menus"] = (
            [e for e in walk(session.frame[0], menus=True)] if session.frame[0].getRoleName() == "menu bar" else []
        )
        session.go_overview()
        places["dashboard"] = session.settle(session.frame)
        places["dashboard, Tab order"] = session.tab_order()
        for register in registers:
            session.go(register)
            places[f"page {register}"] = session.settle(session.frame)
            places[f"page {register}, Tab order"] = session.tab_order()
            places[f"page {register}, search typed"] = session.typed_in_search(register)
            session.walk_form(session.form("ctrl+n"), f"form {register}", places)
            if session.select_first_row(register):
                session.walk_form(session.form("ctrl+o"), f"record {register}", places)
    finally:
        session.close()
    return places


def inner(args: argparse.Namespace) -> int:
    xvfb, display = _start_xvfb()
    report: dict[str, dict[str, list[dict]]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="hamkor-atspi-") as folder:
            for language in args.lang:
                try:
                    report[language] = walk_language(
                        args.python, language, Path(folder), display, args.register or list(REGISTERS)
                    )
                except TimeoutError as error:
                    if xvfb.poll() is not None:  # say that the X server went, not only what was not seen
                        raise RuntimeError(f"Xvfb stopped (exit status {xvfb.returncode}) in {language}") from error
                    raise TimeoutError(f"{error} (in {language})") from error
    finally:
        xvfb.terminate()
        xvfb.wait()
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    unnamed = 0
    for language, places in report.items():
        for place, elements in places.items():
            missing = [e for e in elements if not e["named"]]
            unnamed += len(missing)
            print(f"{language:7} {place:40} {len(elements):4} interactive, {len(missing):3} unnamed")
            for element in missing:
                print(f"        {element['role']}: {element['name']!r} {element['id']}")
    return 1 if unnamed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="the Python with Hamkor's dependencies")
    parser.add_argument("--lang", action="append", help="interface language (repeat; default: ru, uz, uz-Cyrl, en)")
    parser.add_argument("--register", action="append", help="walk only this register (repeat; default: all)")
    parser.add_argument("--json", help="write every element found to this file")
    args = parser.parse_args(argv)
    args.lang = args.lang or ["ru", "uz", "uz-Cyrl", "en"]
    if os.environ.get(INNER):
        try:
            return inner(args)
        except (TimeoutError, LookupError, RuntimeError, subprocess.CalledProcessError) as error:
            print(f"the walk could not be made: {error}", file=sys.stderr)
            return 2
    missing = need("Xvfb", "dbus-run-session", "xdotool")
    if missing:
        print(f"missing: {', '.join(missing)}", file=sys.stderr)
        return 2
    command = ["dbus-run-session", "--", sys.executable, __file__, *(argv if argv is not None else sys.argv[1:])]
    return subprocess.run(command, env=dict(os.environ, **{INNER: "1"})).returncode


if __name__ == "__main__":
    sys.exit(main())
