"""The alert sound: a short two-tone chime, played by the system's sound player.

PySide6-Essentials has no QtMultimedia, so the chime is written once as a WAV file and
handed to whichever player the system has (PipeWire's pw-play, PulseAudio's paplay, ALSA's
aplay — Raspberry Pi OS and Debian kiosks have one of them). With none, the window
system's bell is the last resort.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import struct
import tempfile
import wave
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

PLAYERS: tuple[tuple[str, list[str]], ...] = (("pw-play", []), ("paplay", []), ("aplay", ["-q"]))
RATE = 16_000
TONES = ((880.0, 0.35), (660.0, 0.45))  # falling: "attention", not "alarm"


def write_chime(path: Path) -> Path:
    """A mono 16-bit WAV of the chime, with soft edges so it does not click."""
    frames = bytearray()
    for frequency, seconds in TONES:
        count = int(RATE * seconds)
        fade = int(RATE * 0.02)
        for i in range(count):
            envelope = min(1.0, i / fade, (count - i) / fade)
            sample = 0.5 * envelope * math.sin(2 * math.pi * frequency * i / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return path


def find_player() -> list[str] | None:
    for name, args in PLAYERS:
        found = shutil.which(name)
        if found:
            return [found, *args]
    return None


class Chime:
    def __init__(self) -> None:
        self._file: Path | None = None
        self._process: QProcess | None = None
        self.played = 0

    def play(self) -> None:
        self.played += 1
        player = find_player()
        if player is None:
            QApplication.beep()
            return
        if self._file is None:  # one file per user, rewritten at each start: no litter
            self._file = write_chime(Path(tempfile.gettempdir())
                                     / f"openihd-chime-{os.getuid()}.wav")
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            return  # still sounding
        self._process = QProcess()
        self._process.errorOccurred.connect(
            lambda error: log.info("alert sound failed: %s", error))
        self._process.start(player[0], [*player[1:], str(self._file)])
