"""Serial ports a Zigbee stick may be on (pyserial's listing)."""

from __future__ import annotations

from dataclasses import dataclass

from serial.tools import list_ports


@dataclass(frozen=True)
class SerialPort:
    device: str
    description: str
    usb_id: str | None  # "10c4:ea60" for USB adapters

    @property
    def label(self) -> str:
        return self.device if self.description in ("", "n/a") else (
            f"{self.device} ({self.description})")


def list_serial_ports() -> list[SerialPort]:
    ports = []
    for info in sorted(list_ports.comports(), key=lambda p: p.device):
        usb_id = (f"{info.vid:04x}:{info.pid:04x}" if info.vid is not None
                  and info.pid is not None else None)
        ports.append(SerialPort(device=info.device, description=info.description or "",
                                usb_id=usb_id))
    return ports
