"""zigpy's OTA TLS contexts load the system's CA certificates on first use, not at import.

`zigpy.ota.providers` makes three `ssl.create_default_context()` at import (class
attributes of its IKEA, Hue and zigpy firmware index providers), and each one parses the
system's whole CA bundle: about 0.12 s of every display's start, for contexts used only to
download OTA firmware, which this project never does (OTA is off in every zigpy config it
builds). While that one module runs, `create_default_context()` gives a context that is
the same in every setting (TLS client, CERT_REQUIRED, hostname checked, SSLKEYLOGFILE)
and loads the default CA certificates the first time it is used (a handshake, or a look
at its certificates). The providers' pinned certificates are added at once, as before.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import ssl
import sys
import threading
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

#: the module whose TLS contexts are made this way
ZIGPY_OTA_PROVIDERS = "zigpy.ota.providers"
_lock = threading.RLock()


class DefaultCertsOnFirstUse(ssl.SSLContext):
    """A default client context whose system CA certificates load when it is first used."""

    system_certs_loaded = False

    def _load_system_certs(self) -> None:
        with _lock:
            if not self.system_certs_loaded:
                self.load_default_certs(ssl.Purpose.SERVER_AUTH)
                self.system_certs_loaded = True

    def wrap_socket(self, *args: Any, **kwargs: Any) -> Any:
        self._load_system_certs()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> Any:  # asyncio / aiohttp's way in
        self._load_system_certs()
        return super().wrap_bio(*args, **kwargs)

    def get_ca_certs(self, binary_form: bool = False) -> Any:
        self._load_system_certs()
        return super().get_ca_certs(binary_form)

    def cert_store_stats(self) -> dict[str, int]:
        self._load_system_certs()
        return super().cert_store_stats()


def default_context_loading_certs_on_first_use() -> DefaultCertsOnFirstUse:
    """What `ssl.create_default_context()` makes, less the CA bundle until first use."""
    context = DefaultCertsOnFirstUse(ssl.PROTOCOL_TLS_CLIENT)
    context.verify_mode = ssl.CERT_REQUIRED  # as PROTOCOL_TLS_CLIENT already sets: said
    context.check_hostname = True
    keylog = os.environ.get("SSLKEYLOGFILE")
    if keylog and not sys.flags.ignore_environment and hasattr(context, "keylog_filename"):
        context.keylog_filename = keylog
    return context


@contextmanager
def _default_contexts_load_certs_on_first_use() -> Iterator[None]:
    original = ssl.create_default_context

    def create(purpose: ssl.Purpose = ssl.Purpose.SERVER_AUTH, *, cafile: Any = None,
               capath: Any = None, cadata: Any = None) -> ssl.SSLContext:
        if purpose == ssl.Purpose.SERVER_AUTH and cafile is capath is cadata is None:
            return default_context_loading_certs_on_first_use()
        return original(purpose, cafile=cafile, capath=capath, cadata=cadata)

    with _lock:
        ssl.create_default_context = create
        try:
            yield
        finally:
            ssl.create_default_context = original


class _Loader(importlib.abc.Loader):
    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        with _default_contexts_load_certs_on_first_use():
            self._loader.exec_module(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if name != ZIGPY_OTA_PROVIDERS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """From now on, importing zigpy's OTA providers makes contexts that load on first use
    (nothing changes if it is already imported)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
