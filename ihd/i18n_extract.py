"""Keep the translators' files in step with the code.

    python -m ihd.i18n_extract          update ihd/translations/*.ts, then compile .qm

Every `tr("literal")` in ihd/ becomes a message in each language's .ts file (Qt
Linguist's format, so translators use the usual tools). Translations already made are
kept; new text is marked unfinished; text no longer in the code is marked vanished.
`pyside6-lrelease` turns each .ts into the .qm the app loads.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ihd.i18n import CONTEXT, TRANSLATIONS

PACKAGE = Path(__file__).parent
QT_LANGUAGE = {"cy": "cy_GB"}


# What the sources say, marked N_ where the bridge writes it (the display translates it).
BRIDGE_TEXTS = PACKAGE.parent / "bridge" / "status_text.py"


def source_texts(root: Path = PACKAGE) -> dict[str, tuple[str, int]]:
    """Each tr() / N_() literal in `root` (and, for the display's package, in
    BRIDGE_TEXTS) -> (file relative to the translations folder, line) of first use."""
    found: dict[str, tuple[str, int]] = {}
    paths = sorted(root.rglob("*.py"))
    if root == PACKAGE:
        paths.append(BRIDGE_TEXTS)
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else None)
            first = node.args[0]
            if name in ("tr", "N_") and isinstance(first, ast.Constant) and isinstance(first.value,
                                                                                str):
                where = Path(os.path.relpath(path, root)).as_posix()
                found.setdefault(first.value, (f"../{where}", node.lineno))
    return found


def read_ts(path: Path) -> dict[str, str]:
    """source -> translation ("" where unfinished) from an existing .ts file."""
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is not None and translation.get("type") not in ("unfinished",
                                                                      "vanished"):
            out[source] = translation.text or ""
        else:
            out.setdefault(source, "")
    return out


def write_ts(path: Path, language: str, texts: dict[str, tuple[str, int]]) -> None:
    existing = read_ts(path)
    ts = ET.Element("TS", version="2.1", language=QT_LANGUAGE.get(language, language),
                    sourcelanguage="en_GB")
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source, (filename, _line) in sorted(texts.items()):
        message = ET.SubElement(context, "message")
        # The file only, not the line: the .ts then changes only when the text does.
        ET.SubElement(message, "location", filename=filename)
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if existing.get(source):
            translation.text = existing[source]
        else:
            translation.set("type", "unfinished")
    for source in sorted(set(existing) - set(texts)):
        if existing[source]:  # keep the work, out of the way
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = source
            ET.SubElement(message, "translation", type="vanished").text = existing[source]
    ET.indent(ts)
    body = ET.tostring(ts, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


def lrelease() -> str:
    found = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent
                                                    / "pyside6-lrelease")
    return found


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)


def main() -> int:
    texts = source_texts()
    for ts in sorted(TRANSLATIONS.glob("openihd_*.ts")):
        language = ts.stem.removeprefix("openihd_")
        write_ts(ts, language, texts)
        compile_qm(ts, ts.with_suffix(".qm"))
        done = read_ts(ts)
        missing = [t for t in texts if not done.get(t)]
        print(f"{ts.name}: {len(texts) - len(missing)}/{len(texts)} translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
