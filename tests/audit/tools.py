"""Where the auditors' tools live: ``npm ci`` (``make audit-tools``) puts them in node_modules/.

``package.json`` pins them; the W3C Nu HTML Checker needs Java (Debian:
``default-jre-headless``).
"""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"


def java() -> str | None:
    """The ``java`` command, or ``None`` where there is none."""
    return shutil.which("java")
