"""zigpy's OTA TLS contexts: made at import without reading the CA bundle, loaded on first
use, and then the same as the standard library's default context (bridge/lazy_certs.py)."""

from __future__ import annotations

import asyncio
import json
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from bridge.lazy_certs import default_context_loading_certs_on_first_use

ROOT = Path(__file__).resolve().parents[2]


def test_zigpy_import_makes_contexts_that_have_not_read_the_ca_bundle() -> None:
    """In a fresh process, as the display starts: every SSL_CTX zigpy's OTA providers made
    waits for first use, and ssl.create_default_context is the standard library's again."""
    code = (
        "import json, ssl, bridge, zigpy.application\n"
        "import zigpy.ota.providers as p\n"
        "ctxs = {n: c.__dict__['SSL_CTX'] for n, c in vars(p).items()\n"
        "        if isinstance(c, type) and 'SSL_CTX' in c.__dict__}\n"
        "print(json.dumps({'kinds': {n: type(c).__name__ for n, c in ctxs.items()},\n"
        "  'loaded': [n for n, c in ctxs.items() if c.system_certs_loaded],\n"
        "  'restored': ssl.create_default_context.__module__ == 'ssl'}))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    seen = json.loads(out)
    assert len(seen["kinds"]) >= 2, seen  # IKEA's, Hue's, the zigpy index's
    assert set(seen["kinds"].values()) == {"DefaultCertsOnFirstUse"}, seen
    assert seen["loaded"] == []
    assert seen["restored"]


def test_once_used_a_context_trusts_what_the_default_context_trusts() -> None:
    lazy, default = default_context_loading_certs_on_first_use(), ssl.create_default_context()
    assert not lazy.system_certs_loaded
    assert lazy.get_ca_certs() == default.get_ca_certs()  # the system's CA bundle
    assert lazy.system_certs_loaded
    for setting in ("verify_mode", "check_hostname", "options", "minimum_version",
                    "maximum_version", "protocol", "verify_flags"):
        assert getattr(lazy, setting) == getattr(default, setting), setting


@pytest.fixture(scope="module")
def loopback_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 'localhost' (openssl, as a real server's would be)."""
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-days", "1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return key, cert


async def _handshake(client: ssl.SSLContext, key: Path, cert: Path, hostname: str) -> None:
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"ok")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=server_ctx)
    port = server.sockets[0].getsockname()[1]
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(
            "127.0.0.1", port, ssl=client, server_hostname=hostname), 10)
        assert await reader.read() == b"ok"
        writer.close()
    finally:
        server.close()
        await server.wait_closed()


def test_a_pinned_certificate_still_verifies_a_real_handshake(
        loopback_cert: tuple[Path, Path]) -> None:
    """As zigpy uses them: a pinned certificate added at once, then a TLS connection
    (asyncio's wrap_bio) that loads the system's certificates and checks the server's."""
    key, cert = loopback_cert
    client = default_context_loading_certs_on_first_use()
    client.load_verify_locations(cadata=cert.read_text())
    asyncio.run(_handshake(client, key, cert, "localhost"))
    assert client.system_certs_loaded


def test_a_server_not_trusted_or_misnamed_is_refused(loopback_cert: tuple[Path, Path]) -> None:
    key, cert = loopback_cert
    with pytest.raises(ssl.SSLCertVerificationError):  # not pinned, not a system CA's
        asyncio.run(_handshake(default_context_loading_certs_on_first_use(), key, cert,
                               "localhost"))
    pinned = default_context_loading_certs_on_first_use()
    pinned.load_verify_locations(cadata=cert.read_text())
    with pytest.raises(ssl.SSLCertVerificationError):  # the hostname is still checked
        asyncio.run(_handshake(pinned, key, cert, "meter.example"))
