"""What a source tells a person, said as a code and its arguments rather than as English.

A source says WHAT happened: `say("raven.no-answer", command=...)`. The code names one of
TEXTS' sentences and the arguments fill its {names}. The display says it in the reader's
language (ihd.ui.status_words translates TEXTS' English with Qt; `N_` marks each sentence
for ihd.i18n_extract). `SourceStatus.detail` and `str(SourceError)` keep the English, for
logs, `ihd-bridge --json`, MQTT and displays older than the codes.

Arguments are what a translation cannot change: numbers, addresses, ports, an operating
system's or a library's own error text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bridge.model import ConnectionState, MeterIdentity, SourceStatus


def N_(text: str) -> str:
    """Marks text for the translators (collected by ihd.i18n_extract); returns it as is."""
    return text


# An argument named "…_said" holds another code, said in the same language (a join's
# reason inside "{reason_said} ({detail})").
NESTED = "_said"

RETRY = N_("Trying again in {seconds} s.")

TEXTS: dict[str, str] = {
    # -- what a source is called on the status line -----------------------------------
    "name.demo": N_("Demo home (simulated)"),
    "name.demo-homes": N_("{count} simulated homes"),
    "name.raven": N_("RAVEn on {port}"),
    "name.eagle": N_("EAGLE {cloud_id}"),
    "name.glow": N_("Glow via MQTT {address}"),
    "name.stick": N_("{radio} on {port}"),
    "name.joined-stick": N_("Zigbee stick on {port} (joined to the meter)"),
    "name.bridge": N_("Bridge {url}"),
    # -- a meter reached through a Zigbee HAN (bridge/han) ------------------------------
    "han.searching": N_("Looking for your smart meter…"),
    "han.no-meter": N_("No smart meter answered on this network. Is the display paired?"),
    "han.not-found": N_("No smart meter found on the Zigbee network."),
    "han.no-setup": N_("The smart meter did not answer set-up requests."),
    "han.connected": N_("Connected to {count} meter(s)."),
    "han.connected-refused-one": N_("Connected to {count} meter(s). 1 malformed frame "
                                    "refused."),
    "han.connected-refused": N_("Connected to {count} meter(s). {refused} malformed frames "
                                "refused."),
    "han.fresh-again": N_("Meter data is up to date again."),
    "han.stale-electricity": N_("No news from the electricity meter for {seconds} s."),
    "han.stale-gas": N_("No news from the gas meter for {seconds} s."),
    "han.stale-meter": N_("No news from the meter for {seconds} s."),
    # -- a Zigbee stick of the display's or the bridge's own ---------------------------
    "stick.lost": N_("Lost the stick ({reason}). Trying to reopen it…"),
    "stick.lost-port-closed": N_("Lost the stick (its port closed). Trying to reopen it…"),
    "stick.did-not-start": N_("The stick did not start: {reason}."),
    "stick.not-running": N_("The Zigbee radio is not running."),
    "stick.needs-package": N_("The {radio} needs the {package} package: pip install "
                              "{package}"),
    "stick.missing": N_("No stick at {port}. Is it plugged in? ('ihd-bridge sticks' lists "
                        "the sticks it can see.)"),
    "stick.radio-did-not-start": N_("The {radio} on {port} did not start: {reason}"),
    "stick.not-joined": N_("The stick on {port} cannot show meter data: {reason}. Join the "
                           "meter's network first (Settings → A Zigbee stick)."),
    "stick.silent": N_("The stick on {port} is not answering (nothing within {seconds} s). "
                       "Is it plugged in?"),
    "stick.port-did-not-start": N_("The stick on {port} did not start: {reason}"),
    # -- what a stick answered when looked for (bridge/han/radio/probe.py) --------------
    "probe.nothing": N_("nothing answered on {port}"),
    "probe.demo-only": N_("{radio} on {port} — can run a demo meter only, cannot join a "
                          "meter's network"),
    "probe.if-certificate": N_("{radio} on {port} — can join a smart meter's network if it "
                               "has a Smart Energy certificate"),
    "probe.unchecked": N_("{radio} on {port} — can join a smart meter's network if it has "
                          "a Smart Energy certificate (could not check: {reason})"),
    "probe.no-certificate": N_("{radio} on {port} — no Smart Energy certificate: can run a "
                               "demo meter only, cannot join a meter's network"),
    "probe.can-join": N_("{radio} on {port} — can join a smart meter's network ({curves} "
                         "certificate)"),
    # -- joining a meter's network with a stick (bridge/han/join) ----------------------
    "code.not-hex": N_("An install code is written in hexadecimal: only the digits 0-9 and "
                       "letters A-F."),
    "code.odd": N_("This install code has an odd number of digits ({digits}): a digit is "
                   "missing or extra."),
    "code.length": N_("An install code is 16, 20, 28 or 36 hex digits (6, 8, 12 or 16 bytes "
                      "and a 4-digit check); this one has {digits}."),
    "code.check": N_("The install code's check digits do not match (ends {ends}, the rest "
                     "gives {expected}): a digit is probably mistyped."),
    "join.stick-id": N_("This stick is {eui64}. Your supplier registers it with this number "
                        "and its install code."),
    "join.checking-certificate": N_("Checking the stick's Smart Energy certificate…"),
    "join.looking": N_("Looking for your smart meter's network…"),
    "join.joining": N_("Joining the network on channel {channel} (PAN {pan})…"),
    "join.exchanging-keys": N_("Exchanging keys with the meter…"),
    "join.connected": N_("Connected to your smart meter."),
    "join.failed": N_("{reason_said} ({detail})"),
    "join.no-certificate": N_("this stick has no Smart Energy certificate — it can run a "
                              "demo meter, but cannot join a smart meter's network"),
    "join.no-network": N_("no Smart Energy network found — is the stick registered with your "
                          "supplier?"),
    "join.network-closed": N_("a Smart Energy network is in range but is not letting "
                              "devices join — is the stick registered with your supplier?"),
    "join.refused": N_("the meter's network did not let this stick in — check the install "
                       "code is the one registered with your supplier"),
    "join.timeout": N_("timed out waiting for the meter's network to let this stick in"),
    "join.meter-timeout": N_("timed out waiting for the meter"),
    "join.no-ke-service": N_("the meter did not offer key establishment"),
    "join.ke-refused": N_("the meter refused key establishment"),
    "join.ke-mismatch": N_("key confirmation failed: the meter and this stick derived "
                           "different keys"),
    "join.ke-unknown-issuer": N_("the meter's certificate is from a different authority "
                                 "than this stick's (test and production certificates do "
                                 "not mix)"),
    "join.ke-bad-message": N_("the meter sent a key establishment message that makes no "
                              "sense"),
    "join.radio": N_("the stick stopped answering or reported an error"),
    # -- a Glow display's local MQTT (bridge/sources/glow.py) --------------------------
    "glow.broker-up": N_("Connected to the broker at {address}; waiting for the Glow device "
                         "on {topics}."),
    "glow.login-refused": N_("The broker at {address} refused the login for user {user}. "
                             "Check the user name and password."),
    "glow.login-refused-no-user": N_("The broker at {address} refused the login (no user "
                                     "name given). Check the user name and password."),
    "glow.no-tls": N_("No secure (TLS) connection to the broker at {address}: {reason}."),
    "glow.unreachable": N_("The Glow device's broker at {address} cannot be reached "
                           "({reason})."),
    "glow.no-answer": N_("The MQTT broker at {address} did not answer. Is the Glow device's "
                         "local MQTT turned on?"),
    "glow.connected": N_("Connected to the Glow device."),
    "glow.back": N_("The Glow device is back."),
    "glow.quiet": N_("The Glow device has gone quiet."),
    "glow.wrong-prefix": N_("Nothing arrives on {topics}, but Glow messages arrive under "
                            "'{found}/…': set the topic prefix to '{found}' (it is set on "
                            "the Glow device)."),
    "glow.nothing": N_("Connected to the broker, but nothing has arrived on {topics} for "
                       "{seconds} s. Is the topic prefix '{prefix}' the one set on the Glow "
                       "device, and is its local MQTT turned on?"),
    # -- a Rainforest RAVEn / EMU-2 stick (bridge/sources/raven.py) -------------------
    "raven.initializing": N_("The stick is starting."),
    "raven.discovery": N_("Looking for your meter's network…"),
    "raven.joining": N_("Joining your meter's network…"),
    "raven.join-failed": N_("The meter did not let the stick join. Has the supplier "
                            "registered its install code?"),
    "raven.joined": N_("Joined; authenticating…"),
    "raven.authenticating": N_("Authenticating with the meter…"),
    "raven.authenticated": N_("Authenticated."),
    "raven.auth-failed": N_("The meter refused the stick's credentials."),
    "raven.connected": N_("Connected to your meter."),
    "raven.disconnected": N_("The stick lost the meter."),
    "raven.rejoining": N_("Rejoining your meter's network…"),
    "raven.other": N_("The RAVEn stick says: {status}"),
    "raven.back": N_("The RAVEn stick is back."),
    "raven.unplugged": N_("The RAVEn stick is unplugged or not answering ({reason})."),
    "raven.not-open": N_("The RAVEn stick is not open."),
    "raven.port-closed": N_("The RAVEn stick's port is closed."),
    "raven.no-answer": N_("The RAVEn stick did not answer {command}."),
    "raven.unreadable": N_("The RAVEn stick sent something unreadable: {reason}"),
    "raven.missing": N_("No RAVEn stick at {port}: {reason}"),
    "raven.no-meter": N_("The RAVEn stick is not connected to a meter yet."),
    # -- a Rainforest EAGLE on the LAN (bridge/sources/eagle.py) -----------------------
    "eagle.connected": N_("Connected to your meter via the EAGLE."),
    "eagle.meter-state": N_("The EAGLE says the meter is {state}."),
    "eagle.meter-not-connected": N_("The EAGLE says the meter is not connected."),
    "eagle.unreachable": N_("The EAGLE at {host} cannot be reached: {reason}"),
    "eagle.refused": N_("The EAGLE refused the Cloud ID or install code. Check both on the "
                        "label."),
    "eagle.needs-label": N_("The EAGLE needs its Cloud ID and install code (on its label)."),
    "eagle.answered": N_("The EAGLE answered {status}."),
    "eagle.no-meter": N_("The EAGLE has not joined a meter yet."),
    "eagle.unreadable": N_("The EAGLE sent something unreadable: {reason}"),
    # -- a paired bridge on the LAN (bridge/sources/bridge_client.py) ------------------
    "lan.connected": N_("Connected to the bridge."),
    "lan.meters-joining": N_("The bridge is still connecting to this home's meters."),
    "lan.unreachable": N_("The bridge cannot be reached."),
    "lan.revoked": N_("The bridge no longer accepts this display (its pairing was revoked); "
                      "pair it again in Settings."),
    "lan.reset": N_("The bridge's journal was reset or restored; catching up from its "
                    "latest values and the meter's log."),
    "lan.unreachable-because": N_("The bridge cannot be reached: {reason}"),
    "lan.not-that-bridge": N_("This is not the bridge this display was paired with."),
    "lan.no-bridge-at": N_("No bridge answered at {url}: {reason}"),
    "lan.certificate-mismatch": N_("The bridge's certificate does not match what it says "
                                   "it is."),
    "lan.pairing-failed": N_("Pairing failed ({status})."),
    "lan.wrong-code": N_("That pairing code is wrong or has expired (or this is not the "
                         "bridge showing it)."),
    "lan.not-advertised": N_("The device at that address is not the bridge advertised."),
    "lan.not-following": N_("The display is not following this bridge now."),
    "lan.said": N_("The bridge said {status}."),
    # -- a top-up code as typed (bridge/model.py: TopUpCode) ---------------------------
    "topup.digits-only": N_("A top-up code has digits only."),
    "topup.too-long": N_("A top-up code has at most 25 digits."),
    "topup.length": N_("A top-up code has {length} digits; this one has {digits}."),
    # -- commands a source cannot carry out ---------------------------------------------
    "command.no-top-up-eagle": N_("An EAGLE cannot send top-ups; use your meter's keypad."),
    "command.no-top-up-glow": N_("A Glow device cannot send top-ups; use your meter's "
                                 "keypad."),
    "command.no-top-up-raven": N_("A RAVEn stick cannot send top-ups; use your meter's "
                                  "keypad."),
    "command.no-top-up": N_("This meter does not take top-ups."),
    "command.no-confirm-eagle": N_("Confirming messages through the EAGLE is not "
                                   "supported."),
    "command.no-messages-glow": N_("A Glow device does not pass supplier messages."),
    "command.no-messages": N_("This meter has no messages."),
    "command.unknown-meter": N_("Unknown meter {meter}."),
    "command.no-answer": N_("The meter did not answer ({what})."),
    # -- a device's one line of set-up (bridge/sources/kinds.py and the sources) -------
    "setup.not-a-port": N_("Not a port number: {port}."),
    "setup.not-a-port-in": N_("Not a port number in {text}."),
    "setup.not-a-baud-rate": N_("Not a baud rate: {baud}."),
    "setup.glow-scheme": N_("A Glow broker address starts mqtt:// or mqtts://, not "
                            "{scheme}://."),
    "setup.glow-wildcards": N_("A topic prefix cannot hold MQTT wildcards: {prefix}."),
    "setup.which-port-raven": N_("Say which serial port the RAVEn is on."),
    "setup.which-port-stick": N_("Say which serial port the stick is on."),
    "setup.which-stick": N_("Say which stick: RADIO:PORT, e.g. ezsp:/dev/ttyUSB0 "
                            "('ihd-bridge sticks' finds them)."),
    "setup.unknown-radio": N_("Unknown radio type {radio}: one of {known}."),
    "setup.unknown-kind": N_("Unknown kind of device: {kind}"),
    "stick.not-running-stick": N_("The stick is not running."),
    "demo.not-running": N_("The demo is not running."),
    "demo.estate-did-not-start": N_("The simulated homes did not start."),
}


@dataclass(frozen=True, slots=True)
class Said:
    """One thing a source says: a TEXTS code and the values of its {names}."""

    code: str
    args: tuple[tuple[str, str], ...] = ()

    def english(self) -> str:
        return english(self.code, self.args)

    def __str__(self) -> str:
        return self.english()


def say(code: str, **args: object) -> Said:
    """The Said for `code`; an unknown code is a programming error, found at once."""
    for needed in (code, *(str(v) for n, v in args.items() if n.endswith(NESTED))):
        if needed not in TEXTS:
            raise KeyError(f"no status text {needed!r} in bridge.status_text.TEXTS")
    return Said(code, tuple((name, str(value)) for name, value in args.items()))


def plain(text: str) -> Said:
    """Words that come already made from elsewhere (another program's error text): shown
    as they are, in every language. Not for words written in this project."""
    return Said("", (("text", text),))


def of_error(exc: BaseException) -> Said:
    """What a SourceError (or any exception) says: its code when it has one."""
    said = getattr(exc, "said", None)
    return said if isinstance(said, Said) else plain(str(exc))


def english(code: str, args: tuple[tuple[str, str], ...] = (),
            retry_in_s: float | None = None) -> str:
    """The English words for a code (what logs, `--json` and MQTT carry)."""
    values = {name: TEXTS[value] if name.endswith(NESTED) else value for name, value in args}
    words = TEXTS[code].format(**values) if code else values.get("text", "")
    if retry_in_s is not None:
        words += " " + RETRY.format(seconds=f"{retry_in_s:g}")
    return words


def status(timestamp: datetime, origin: str, state: ConnectionState, said: Said, *,
           meter: MeterIdentity | None = None,
           retry_in_s: float | None = None) -> SourceStatus:
    """A SourceStatus that says `said` (and, with `retry_in_s`, when the source tries
    again): the code for the display, the English for everyone else."""
    return SourceStatus(timestamp=timestamp, origin=origin, state=state,
                        detail=english(said.code, said.args, retry_in_s), meter=meter,
                        code=said.code, args=said.args,
                        retry_in=None if retry_in_s is None else timedelta(seconds=retry_in_s))
