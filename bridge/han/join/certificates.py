"""CBKE suites and the few certificate fields the host needs to read.

The radio (an EZSP NCP with the CBKE library) holds the private key and does the ECMQV
maths; the host only moves certificates, ephemeral keys and MACs between the NCP and the
meter. It still reads the certificates' subject and issuer: to check that the partner's
certificate names the node it came from, and to tell a person which CA issued what.

Layouts (ZigBee SE 1.x, Annex C):
- suite 1, sect163k1 "implicit" certificate, 48 bytes: public reconstruction key (22) |
  subject EUI64 (8) | issuer (8) | profile attribute data (10).
- suite 2, sect283k1 (GB SMETS2 and later SE 1.2 devices), 74 bytes: type (1) | serial
  (8) | curve (1) | hash (1) | issuer (8) | valid from (5) | valid to (4) | subject (8) |
  key usage (1) | public reconstruction key (37).
EUI64s in certificates are big-endian (as printed), unlike on the Zigbee wire.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Suite(enum.IntEnum):
    """Key establishment suite, as in the cluster's bitmap16 (one bit per suite)."""

    CBKE_163K1 = 0x0001
    CBKE_283K1 = 0x0002

    @property
    def certificate_length(self) -> int:
        return 48 if self is Suite.CBKE_163K1 else 74

    @property
    def ephemeral_key_length(self) -> int:
        return 22 if self is Suite.CBKE_163K1 else 37

    @property
    def curve(self) -> str:
        return "sect163k1" if self is Suite.CBKE_163K1 else "sect283k1"


MAC_LENGTH = 16


@dataclass(frozen=True)
class Certificate:
    suite: Suite
    raw: bytes
    subject: bytes  # EUI64, big-endian as printed
    issuer: bytes

    @property
    def subject_eui64(self) -> str:
        return ":".join(f"{b:02x}" for b in self.subject)

    @property
    def issuer_hex(self) -> str:
        return self.issuer.hex().upper()


def parse_certificate(raw: bytes, suite: Suite) -> Certificate:
    if len(raw) != suite.certificate_length:
        raise ValueError(f"a {suite.curve} certificate is {suite.certificate_length} bytes, "
                         f"not {len(raw)}")
    if suite is Suite.CBKE_163K1:
        subject, issuer = raw[22:30], raw[30:38]
    else:
        issuer, subject = raw[11:19], raw[28:36]
    return Certificate(suite=suite, raw=bytes(raw), subject=bytes(subject),
                       issuer=bytes(issuer))
