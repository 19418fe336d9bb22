"""Valid HTML: the W3C Nu HTML Checker (vnu.jar) on every main page, in each language.

The pages are rendered by Django's test client (no server), written to a
temporary folder and checked in one run of the checker: the JVM takes
seconds to start, the pages take milliseconds each. Errors fail the test;
warnings are printed.
"""

import json
import re
import subprocess

from tests.audit.pages import main_page_visits
from tests.audit.tools import VNU_JAR, java
from tests.conftest import require_service

VNU_TIMEOUT_S = 120


def _file_name(index: int, label: str) -> str:
    return f"{index:03d}-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}.html"


def _run_vnu(files) -> list[dict]:
    """The checker's messages for ``files`` (its JSON report, written on stderr)."""
    result = subprocess.run(
        [java(), "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT_S,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


def _describe(message: dict, label: str) -> str:
    line = message.get("lastLine", "?")
    extract = (message.get("extract") or "").strip().replace("\n", " ")
    return f"{label}, line {line}: {message['message']} [{extract[:120]}]"


def test_main_pages_are_valid_html(audit_world, tmp_path, capsys):
    # Arrange
    require_service(java() is not None, "Java (Debian: default-jre-headless) for the W3C checker")
    require_service(VNU_JAR.is_file(), f"the W3C checker at {VNU_JAR} (make audit-tools)")
    labels = {}
    for index, visit in enumerate(main_page_visits(audit_world)):
        response = audit_world.client_for(visit.page.role).get(visit.path)
        assert response.status_code == visit.page.status, visit.label
        path = tmp_path / _file_name(index, visit.label)
        path.write_bytes(response.content)
        labels[path.name] = visit.label

    # Act
    messages = _run_vnu(sorted(tmp_path.glob("*.html")))

    # Assert
    def label_of(message):
        return labels.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))

    errors = [
        _describe(message, label_of(message))
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]
    warnings = [
        _describe(message, label_of(message))
        for message in messages
        if message["type"] == "info" and message.get("subType") == "warning"
    ]
    if warnings:
        with capsys.disabled():
            print(f"\nW3C checker: {len(warnings)} warning(s) on the main pages:")
            print("\n".join(f"  {warning}" for warning in warnings))
    assert errors == []
    assert len(labels) == len(list(main_page_visits(audit_world)))
