"""Cost today survives a bridge restart: each meter's DayCost in one small JSON file in
the bridge's state folder, written atomically. A damaged file is set aside with a
warning and counting starts afresh; nothing else depends on it."""

from __future__ import annotations

import json
import logging
import os
from decimal import InvalidOperation
from pathlib import Path

from bridge.lan.state_db import move_aside
from bridge.mqtt.state import DayCost

log = logging.getLogger(__name__)


class CostStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.saved: dict[str, str] = {}  # meter key -> what is on disk, to skip rewrites

    def load(self) -> dict[str, DayCost]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            costs = {str(key): DayCost.from_json(value) for key, value in data.items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError,
                InvalidOperation) as exc:
            try:  # named as every other damaged state file, never over an older one
                aside_name = move_aside(self.path).name
            except OSError:
                aside_name = "(could not be moved)"
            log.warning("MQTT: cost-today file %s could not be read (%s); set aside as "
                        "%s, counting afresh", self.path, exc, aside_name)
            return {}
        self.saved = {key: json.dumps(cost.to_json(), sort_keys=True)
                      for key, cost in costs.items()}
        return costs

    def save(self, costs: dict[str, DayCost]) -> None:
        encoded = {key: json.dumps(cost.to_json(), sort_keys=True)
                   for key, cost in costs.items() if cost.day is not None}
        if encoded == self.saved:
            return
        temporary = self.path.with_suffix(".tmp")
        try:
            temporary.write_text("{" + ",".join(f"{json.dumps(k)}:{v}"
                                                for k, v in encoded.items()) + "}",
                                 encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as exc:  # a full or read-only disk: publishing goes on
            log.warning("MQTT: cannot keep cost today in %s: %s", self.path, exc)
            return
        self.saved = encoded
