"""PySide6 looks at every module imported after it, and this one makes that look cheap.

When PySide6.QtCore is imported it replaces `__import__` so that `from __feature__ import
snake_case` can work; after each import it asks whether the new module uses PySide6, by
`inspect.getsource(module)` and a search for the word "PySide6" (shibokensupport/feature.py,
`_mod_uses_pyside`, PYSIDE-2029). `inspect` unwraps, finds, reads and splits every file:
for the ~300 modules a display imports after Qt that was 0.5-0.7 s of its start on this
machine (measured with the check replaced by one that answers at once). The same question
is answered here by reading the file's bytes. It also leaves modules deferred by
bridge.lazy_imports unloaded (inspect touched their attributes, which loads them).
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable

_MARK = "_openihd_reads_bytes"


def install() -> None:
    """Replace PySide6's check, if PySide6 is imported and has it (else nothing)."""
    feature = sys.modules.get("shibokensupport.feature")
    upstream: Callable[[types.ModuleType], bool] | None = getattr(
        feature, "_mod_uses_pyside", None)
    if upstream is None or getattr(upstream, _MARK, False):
        return

    def mod_uses_pyside(module: types.ModuleType) -> bool:
        """True when the module's source names PySide6 (upstream's own question)."""
        spec = getattr(module, "__spec__", None)  # read without loading a deferred module
        origin = getattr(spec, "origin", None)
        if not (isinstance(origin, str) and origin.endswith(".py")):
            return upstream(module)  # built in, compiled, frozen: upstream decides
        try:
            with open(origin, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return upstream(module)

    setattr(mod_uses_pyside, _MARK, True)
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[union-attr]
