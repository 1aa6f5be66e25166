"""Cluster and command IDs the simulator and the HAN client use (SE 1.x, profile 0x0109).

Names follow `../shared/reference/se-ids.md`; directions are noted where an ID is reused.
"""

from typing import Final

SE_PROFILE: Final = 0x0109

BASIC: Final = 0x0000
TIME: Final = 0x000A
PRICE: Final = 0x0700
METERING: Final = 0x0702
MESSAGING: Final = 0x0703
DEVICE_MANAGEMENT: Final = 0x0708
PUBLISH_CHANGE_OF_TENANCY: Final = 0x00
PREPAYMENT: Final = 0x0705

# Price, client -> server
GET_CURRENT_PRICE: Final = 0x00
GET_SCHEDULED_PRICES: Final = 0x01
# Price, server -> client
PUBLISH_PRICE: Final = 0x00

# Metering, client -> server
GET_PROFILE: Final = 0x00
# Metering, server -> client
GET_PROFILE_RESPONSE: Final = 0x00

# Messaging, server -> client
DISPLAY_MESSAGE: Final = 0x00
CANCEL_MESSAGE: Final = 0x01
# Messaging, client -> server
GET_LAST_MESSAGE: Final = 0x00
MESSAGE_CONFIRMATION: Final = 0x01

# Prepayment, client -> server
SELECT_AVAILABLE_EMERGENCY_CREDIT: Final = 0x00
CONSUMER_TOP_UP: Final = 0x04
GET_TOP_UP_LOG: Final = 0x08
# Prepayment, server -> client
PUBLISH_PREPAY_SNAPSHOT: Final = 0x01
CONSUMER_TOP_UP_RESPONSE: Final = 0x03
