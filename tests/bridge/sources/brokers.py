"""A real mosquitto on loopback for the Glow tests: open, or with a password file
(mosquitto_passwd) and a TLS listener with its own certificate authority."""

from __future__ import annotations

import datetime as dt
import getpass
import ipaddress
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
needs_mosquitto = pytest.mark.skipif(not Path(MOSQUITTO).exists(),
                                     reason="mosquitto is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Broker:
    port: int
    proc: subprocess.Popen[bytes]
    conf: Path
    cafile: Path | None = None

    def restart(self) -> None:
        self.proc = _launch(self.conf, self.port)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def wait_for_port(port: int, seconds: float = 10) -> bool:
    """True once something listens on 127.0.0.1:port (a broker just started)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


def _launch(conf: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_for_port(port)
    return proc


def _write_ca_and_server_cert(folder: Path) -> tuple[Path, Path, Path]:
    """A throw-away CA and a server certificate for 127.0.0.1 signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test broker CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.pem", folder / "key.pem"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca_path, cert_path, key_path


@contextmanager
def mosquitto(folder: Path, *, users: dict[str, str] | None = None,
              tls: bool = False) -> Iterator[Broker]:
    port = free_port()
    # Run as root, mosquitto would become user 'mosquitto' and fail to read its files here.
    lines = [f"listener {port} 127.0.0.1", "persistence false", f"user {getpass.getuser()}"]
    if users:
        passwd = folder / "passwd"
        passwd.touch(mode=0o600)
        for user, password in users.items():
            subprocess.run([MOSQUITTO_PASSWD, "-b", str(passwd), user, password], check=True,
                           capture_output=True)
        lines += ["allow_anonymous false", f"password_file {passwd}"]
    else:
        lines.append("allow_anonymous true")
    cafile = None
    if tls:
        cafile, cert, key = _write_ca_and_server_cert(folder)
        lines += [f"certfile {cert}", f"keyfile {key}"]
    conf = folder / "mosquitto.conf"
    conf.write_text("\n".join(lines) + "\n")
    broker = Broker(port, _launch(conf, port), conf, cafile)
    try:
        yield broker
    finally:
        broker.stop()
