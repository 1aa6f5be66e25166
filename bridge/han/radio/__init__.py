"""Which Zigbee stick is plugged in, and what it can do for Smart Energy."""
