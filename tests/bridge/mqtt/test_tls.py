"""mqtts:// with a private CA, and user/password, against a real mosquitto (TLS
listener, password file made by mosquitto_passwd); and the settings' parsing."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import aiomqtt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bridge.mqtt.publisher import MqttPublisher
from bridge.mqtt.settings import (
    CATEGORIES,
    MqttSettingsError,
    load_file,
    parse_share,
    parse_url,
)
from tests.bridge.mqtt.broker import Broker, free_port, needs_mosquitto
from tests.bridge.mqtt.scripted import ScriptedSource, prepayment

PASSWD = shutil.which("mosquitto_passwd")


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_ca_and_server(folder: Path) -> tuple[Path, Path, Path]:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Estate test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(hours=1))
          .not_valid_after(now + dt.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "broker")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(_key_pem(key))
    paths[2].chmod(0o644)  # mosquitto may run as another user
    return paths


@pytest.fixture
def tls_broker(tmp_path: Path):
    if PASSWD is None:
        pytest.skip("mosquitto_passwd is not installed")
    folder = tmp_path / "tls"
    folder.mkdir()
    ca, cert, key = make_ca_and_server(folder)
    passwords = folder / "passwords"
    subprocess.run([PASSWD, "-b", "-c", str(passwords), "bridge-1", "s3cret:with@odd/chars"],
                   check=True, capture_output=True)
    passwords.chmod(0o644)
    port = free_port()
    broker = Broker(folder / "b", extra=(
        f"listener {port} 127.0.0.1\ncafile {ca}\ncertfile {cert}\nkeyfile {key}\n"
        f"password_file {passwords}\n"))
    # Both listeners need the password (mosquitto 2 applies it to all listeners).
    broker.conf.write_text(broker.conf.read_text().replace("allow_anonymous true",
                                                           "allow_anonymous false"))
    broker.start()  # returns once the first listener answers; the TLS one opens with it
    yield port, ca
    broker.stop()


async def _read_tls(port: int, ca: Path, topic: str) -> bytes | None:
    context = ssl.create_default_context(cafile=str(ca))
    async with aiomqtt.Client("127.0.0.1", port, username="bridge-1",
                              password="s3cret:with@odd/chars", tls_context=context) as c:
        await c.subscribe(topic, qos=1)
        try:
            async with asyncio.timeout(10):
                async for message in c.messages:
                    return message.payload if isinstance(message.payload, bytes) else None
        except TimeoutError:
            return None
    return None


@needs_mosquitto
async def test_mqtts_with_a_private_ca_and_a_password(tls_broker):
    port, ca = tls_broker
    # The password's ':' '@' '/' are percent-encoded in the URL, as URLs need.
    settings = replace(parse_url(f"mqtts://bridge-1:s3cret%3Awith%40odd%2Fchars@"
                                 f"127.0.0.1:{port}"), ca_file=ca, bridge_id="tls")
    assert settings.password == "s3cret:with@odd/chars"
    assert "s3cret" not in repr(settings) and "s3cret" not in settings.url_for_humans
    source = ScriptedSource()
    publisher = MqttPublisher(source, settings)
    await publisher.start()
    source.emit(prepayment("11.11"))
    try:
        assert await publisher.link.flushed(timeout=20), publisher.link.last_error
        payload = await _read_tls(port, ca,
                                  "openihd/tls/flat-1/electricity-000d6f000b000001-1/"
                                  "prepayment")
    finally:
        await publisher.stop()
    assert payload is not None and b'"credit":11.11' in payload


@needs_mosquitto
@pytest.mark.parametrize("change, words", [
    ({"password": "wrong"}, "Not authorized"),
    ({"ca_file": None}, "CERTIFICATE_VERIFY_FAILED"),
])
async def test_a_refused_connection_is_said_and_retried(tls_broker, change, words):
    port, ca = tls_broker
    settings = replace(parse_url(f"mqtts://bridge-1:x@127.0.0.1:{port}"), ca_file=ca,
                       password="s3cret:with@odd/chars", bridge_id="tls")
    settings = replace(settings, **change)
    publisher = MqttPublisher(ScriptedSource(), settings)
    publisher.link.backoff_s = (0.2, 0.2)
    await publisher.start()
    try:
        assert not await publisher.link.flushed(timeout=3)
        assert publisher.link.last_error is not None
        assert words.lower() in publisher.link.last_error.lower()
    finally:
        await publisher.stop()


def test_urls_and_files_parse_as_users_write_them(tmp_path: Path):
    plain = parse_url("mqtt://broker.local")
    assert (plain.host, plain.port, plain.tls, plain.username) == ("broker.local", 1883,
                                                                   False, None)
    tls = parse_url("mqtts://u@[::1]")
    assert (tls.host, tls.port, tls.tls, tls.username) == ("::1", 8883, True, "u")
    for bad, words in [("tcp://x", "mqtt:// or mqtts://"), ("mqtt://", "no host"),
                       ("mqtt://h:99999", "not an MQTT URL"), ("mqtt://h/topic", "no path")]:
        with pytest.raises(MqttSettingsError, match=words):
            parse_url(bad)
    assert parse_share("all") == frozenset(CATEGORIES)
    assert parse_share("none") == frozenset()
    assert parse_share(" Health , consumption") == {"health", "consumption"}

    (tmp_path / "pw").write_text("from-a-file\n")
    config = tmp_path / "mqtt.toml"
    config.write_text('url = "mqtt://estate@10.0.0.5"\npassword_file = "pw"\n'
                      'share = ["health"]\nbuilding = "Maple House"\n'
                      '[homes."home-3"]\nlabel = "Flat 3"\nshare = "health,consumption"\n'
                      "top_up = true\n")
    settings = load_file(config)
    assert settings.password == "from-a-file" and settings.username == "estate"
    assert settings.home("home-1").share == {"health"}
    assert not settings.home("home-1").top_up
    assert settings.home("home-3").share == {"health", "consumption"}
    assert settings.home("home-3").top_up and settings.home("home-3").label == "Flat 3"
    assert load_file(config, "mqtt://other").host == "other"  # the command line wins
    for text, words in [('url = "mqtt://h"\ncolour = "red"', "unknown setting colour"),
                        ("url = ", "not valid TOML"), ("share = []", "say where the broker"),
                        ('url = "mqtt://h"\nkeepalive = 1', "keepalive"),
                        ('url = "mqtt://h"\nprefix = "a/#"', r"without \+ or #")]:
        config.write_text(text)
        with pytest.raises(MqttSettingsError, match=words):
            load_file(config)


@needs_mosquitto
def test_the_command_line_over_tls_with_a_password_file(tls_broker, tmp_path: Path):
    """ihd-bridge and ihd-bridge estate as an operator runs them: mqtts://, the CA, a
    user and a password file (nothing secret on the command line)."""
    port, ca = tls_broker
    secret = tmp_path / "password"
    secret.write_text("s3cret:with@odd/chars\n")
    repo = Path(__file__).resolve().parents[3]
    url = f"mqtts://127.0.0.1:{port}"
    credentials = ["--mqtt-ca", str(ca)]
    bridge = subprocess.Popen(
        [sys.executable, "-m", "bridge.cli", "--sim", "--speed", "30", "--mqtt-publish", url,
         *credentials, "--mqtt-user", "bridge-1", "--mqtt-password-file", str(secret),
         "--mqtt-bridge-id", "tls-pi", "--mqtt-building", "Ash Row", "--mqtt-share",
         "health"], cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 90
        flats: list[dict] = []
        while time.monotonic() < deadline and not flats:
            result = subprocess.run(
                [sys.executable, "-m", "bridge.cli", "estate", "--mqtt", url, *credentials,
                 "--user", "bridge-1", "--password-file", str(secret), "--json"],
                cwd=repo, capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
            flats = [f for f in json.loads(result.stdout)["flats"]
                     if f["condition"] == "ok"]
            time.sleep(0.5)
        assert [(f["building"], f["home"]) for f in flats] == [("Ash Row", "home-1")]
    finally:
        bridge.terminate()
        _, err = bridge.communicate(timeout=30)
    assert "publishing to mqtts://bridge-1@127.0.0.1" in err
    assert "s3cret" not in err
