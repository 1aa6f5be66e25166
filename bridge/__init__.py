"""The OpenIHD bridge and everything the display shares with it (model, sources, HAN)."""

from bridge import lazy_certs
from bridge.lazy_imports import ZIGPY_OTA_ONLY, defer

for _name in ZIGPY_OTA_ONLY:  # before anything here imports zigpy
    defer(_name)
lazy_certs.install()
