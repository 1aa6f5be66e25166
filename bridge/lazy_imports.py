"""Third-party modules loaded on first use instead of when something imports them.

zigpy imports aiohttp and jsonschema when it starts (`zigpy.application` → `zigpy.ota`
→ `zigpy.ota.providers`) but uses them only inside the functions that download and check
OTA firmware indexes, which this project never calls (OTA is off in every zigpy config it
builds). Loaded eagerly they cost a display about 0.2 s of start-up and 15 MB for nothing.

`defer(name)` puts a module object in `sys.modules` whose code runs at its first
attribute access (`aiohttp.ClientSession` in the bridge client, `from aiohttp import web`
in the LAN server: all as before). It is the standard library's `LazyLoader` recipe, less
one flaw: on Python 3.11 the import system's own look at `__spec__` (every later `import
aiohttp`) already set LazyLoader's module loading.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import threading
import types

#: what zigpy imports at start-up but only its OTA downloads use
ZIGPY_OTA_ONLY = ("aiohttp", "jsonschema")
# What the import system reads of a module already in sys.modules: never a reason to load.
_IMPORT_SYSTEM_READS = frozenset({"__spec__", "__name__", "__loader__", "__package__"})
_lock = threading.RLock()


class _DeferredModule(types.ModuleType):
    def __getattribute__(self, attr: str) -> object:
        if attr in _IMPORT_SYSTEM_READS:
            return object.__getattribute__(self, attr)
        _load(self)
        return getattr(self, attr)

    def __setattr__(self, attr: str, value: object) -> None:
        _load(self)
        setattr(self, attr, value)

    def __delattr__(self, attr: str) -> None:
        _load(self)
        delattr(self, attr)


def _load(module: types.ModuleType) -> None:
    with _lock:
        if type(module) is not _DeferredModule:
            return  # another thread (or a re-entrant access) loaded it meanwhile
        spec = object.__getattribute__(module, "__spec__")
        object.__setattr__(module, "__class__", types.ModuleType)
        spec.loader.exec_module(module)


def defer(name: str) -> None:
    """Put a lazily loading `name` in sys.modules, unless it is already imported (then
    nothing changes) or not installed (then importing it fails as it always did)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
        return  # only plain Python packages: their code runs once, on first use
    module = importlib.util.module_from_spec(spec)
    object.__setattr__(module, "__class__", _DeferredModule)
    sys.modules[name] = module


def is_loaded(name: str) -> bool:
    """True when `name`'s own code has run (a deferred module not yet used: False)."""
    module = sys.modules.get(name)
    return module is not None and type(module) is not _DeferredModule
