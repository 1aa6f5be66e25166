"""A RAVEn stick's end of a pseudo-terminal: reads aioraven's <Command> fragments and
writes whatever `reply(name)` gives back (nothing for None)."""

from __future__ import annotations

import asyncio
import os
import re


class RavenPty:
    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        self._buffer = b""
        asyncio.get_running_loop().add_reader(self.master, self._on_readable)

    def reply(self, name: str) -> bytes | None:
        raise NotImplementedError

    def close(self) -> None:
        asyncio.get_running_loop().remove_reader(self.master)
        os.close(self.master)
        os.close(self.slave)

    def _on_readable(self) -> None:
        self._buffer += os.read(self.master, 4096)
        while b"</Command>" in self._buffer:
            command, self._buffer = self._buffer.split(b"</Command>", 1)
            name = re.search(rb"<Name>(\w+)</Name>", command)
            answer = self.reply(name.group(1).decode()) if name else None
            if answer is not None:
                os.write(self.master, answer)
