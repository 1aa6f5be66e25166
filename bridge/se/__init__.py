"""SE 1.x: cluster definitions zigpy lacks (registered on import) and decoding."""

from bridge.se import calendar as calendar
from bridge.se import clusters as clusters
