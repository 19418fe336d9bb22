"""Which way imports run (DESIGN.md): nothing may run against the arrows.

- ``network.accounts``, ``network.notifications``, ``network.pages``: ground floor;
- ``members`` → ground floor; ``dialogues`` → ``members``;
  ``strategy`` → ``members``, ``dialogues``;
- ``network.progress`` reads the domain apps only through their ``selectors``
  (the ground floor is open to every app).
- A domain app never imports another app's views or forms.
"""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GROUND = {"network.accounts", "network.notifications", "network.pages"}
ALLOWED = {
    "network.accounts": GROUND,
    "network.notifications": GROUND,
    "network.pages": GROUND,
    "members": GROUND | {"members"},
    "dialogues": GROUND | {"members", "dialogues"},
    "strategy": GROUND | {"members", "dialogues", "strategy"},
    "network.progress": GROUND | {"members", "dialogues", "strategy", "network.progress"},
}
APPS = sorted(ALLOWED, key=len, reverse=True)


def _app_of(module: str) -> str | None:
    for app in APPS:
        if module == app or module.startswith(app + "."):
            return app
    return None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from dialogues import selectors" imports dialogues.selectors (and runs
            # dialogues/__init__.py, which holds nothing): judge what is imported.
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _modules():
    for app in ALLOWED:
        folder = BASE_DIR / app.replace(".", "/")
        for path in sorted(folder.rglob("*.py")):
            yield app, path


@pytest.mark.parametrize(("app", "path"), list(_modules()), ids=lambda v: str(v))
def test_imports_run_only_the_allowed_way(app, path):
    wrong = []
    for name in _imports(path):
        target = _app_of(name)
        if target is None or target == app:
            continue
        if target not in ALLOWED[app]:
            wrong.append(name)
        elif (
            app == "network.progress"
            and target not in GROUND
            and not name.startswith(f"{target}.selectors")
        ):
            wrong.append(name)
        elif name.startswith((f"{target}.views", f"{target}.forms")):
            wrong.append(name)

    assert wrong == []
