"""The zigpy radio libraries, and what each can do on a smart meter's HAN.

A meter's HAN belongs to the meter or comms hub (the trust centre). A display joins it as
a *device*, with an install-code link key, then authenticates with CBKE using a
certificate the radio holds. Of zigpy's radio libraries only EZSP (Silicon Labs, via
bellows) exposes the NCP commands for both: joining as a device and the CBKE library with
its certificate. The others drive their sticks as the coordinator of a network of their
own: enough to *be* a demo meter at a trial site, not to join a real one.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RadioLibrary:
    radio_type: str  # zigpy's name for it ("ezsp", "znp", …)
    name: str  # what a person calls the stick
    package: str  # the PyPI project
    module: str  # the module holding its ControllerApplication
    can_join_meter: bool
    examples: str

    @property
    def installed(self) -> bool:
        return importlib.util.find_spec(self.module.split(".")[0]) is not None

    @property
    def capability(self) -> str:
        if self.can_join_meter:
            return "can join a smart meter's network"
        return "can run a demo meter only, cannot join a meter's network"

    def application_class(self) -> Any:
        """The library's zigpy ControllerApplication class (imports the library)."""
        return importlib.import_module(self.module).ControllerApplication


EZSP = RadioLibrary("ezsp", "Silicon Labs EZSP stick", "bellows", "bellows.zigbee.application",
                    True, "EFR32/EM35x sticks: Sonoff ZBDongle-E, Home Assistant "
                          "SkyConnect/ZBT-1, Elelabs, Telegesis ETRX357 (EmberZNet NCP firmware)")
ZNP = RadioLibrary("znp", "Texas Instruments Z-Stack (ZNP) stick", "zigpy-znp",
                   "zigpy_znp.zigbee.application", False,
                   "CC2652/CC1352/CC2531 sticks: Sonoff ZBDongle-P, SLZB-06, zzh")
DECONZ = RadioLibrary("deconz", "ConBee (deCONZ)", "zigpy-deconz",
                      "zigpy_deconz.zigbee.application", False, "ConBee, ConBee II/III, RaspBee")
ZIGATE = RadioLibrary("zigate", "ZiGate", "zigpy-zigate", "zigpy_zigate.zigbee.application",
                      False, "ZiGate USB/PiZiGate/ZiGate+")
XBEE = RadioLibrary("xbee", "Digi XBee", "zigpy-xbee", "zigpy_xbee.zigbee.application",
                    False, "XBee Series 2/3 in API mode")

# Probe order: EZSP first (the only one that can join a meter), then as zigpy's own
# radio list; a stick answering one library's probe is not probed by the others.
RADIO_LIBRARIES: tuple[RadioLibrary, ...] = (EZSP, ZNP, DECONZ, ZIGATE, XBEE)
