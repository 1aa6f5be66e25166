"""The simulated meter's UTRN MAC: GBCS key derivation and AES-GCM, checked against the
DCC's published vectors, and codes the simulated meter issues and validates.

Vectors and the test keys they use (the DCC's GBCS test certificates for device
00-DB-12-34-56-78-90-A0 and remote party 90-B3-D5-1F-30-00-00-02) are copied from
SmartDCCInnovation/gbcs-parser test/crypto.test.ts ('nominal-mac-device-command', 'gcm
nominal-aad-only'). They are public test material, not secrets.
"""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from bridge.sim.meters import PrepaymentAccount
from bridge.sim.utrn import decode_utrn, demo_codes, gcm_tag, kdf, make_utrn
from bridge.utrn import check_digit_ok, parse_utrn

NOW = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)

EUI = "00:0d:6f:00:0b:00:00:01"
OTHER = "00:0d:6f:00:0b:00:01:01"

DCC_DEVICE_00DB1234567890A0_KA_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQgauGm0WGCnF/04/8kr+5taD0HC5Iy
vGQ1fRUEbUrik8OgCgYIKoZIzj0DAQehRANCAASPIFKYXS25Oak3HI/vWKy2gUs11b8qol+X+NGY
sm3+YBrdiT/EodmCkfaOhCm3FYUjZ9wPLEkC5v+Kc23cKcE0
-----END PRIVATE KEY-----
"""

DCC_ORG_90B3D51F30000002_KA_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBkzCCATigAwIBAgIQN83yBrB93vhS+8YpUPIu0DAKBggqhkjOPQQDAjAaMQsw
CQYDVQQLEwIwNzELMAkGA1UEAxMCWjEwHhcNMTUxMDMwMDAwMDAwWhcNMjUxMDI5
MjM1OTU5WjAhMQswCQYDVQQLDAIwNDESMBAGA1UELQMJAJCz1R8wAAACMFkwEwYH
KoZIzj0CAQYIKoZIzj0DAQcDQgAEqylqI2Mw7FuLTmvCRaS3LWYP87efklmk0jnQ
LcpIZSo8La08RORiTc+165nnYACurjOW2fWI8IFgzh3Rvvv+A6NZMFcwDgYDVR0P
AQH/BAQDAgMIMBEGA1UdDgQKBAhKnOAsOauRCzAdBgNVHSABAf8EEzARMA8GDSqG
OgABhI+5DwECAQQwEwYDVR0jBAwwCoAIT1aI1+yTO+IwCgYIKoZIzj0EAwIDSQAw
RgIhAK6a4M+s7hMeTa0NyKZE6bgwD+7PTcivgnPlAlzEg+DMAiEA8rMfi8njFzrT
im85D+gu2xmyRE79EYvNqd4HDLW/SHY=
-----END CERTIFICATE-----
"""


def test_key_derivation_matches_the_dcc_vector():
    device_key = load_pem_private_key(DCC_DEVICE_00DB1234567890A0_KA_KEY.encode(), None)
    remote = x509.load_pem_x509_certificate(DCC_ORG_90B3D51F30000002_KA_CERT.encode())
    key = kdf(device_key, remote.public_key(),  # type: ignore[arg-type]
              originator=bytes.fromhex("90b3d51f30010000"),
              recipient=bytes.fromhex("00db1234567890a0"),
              counter=bytes.fromhex("0000000100000000"))
    assert key.hex().upper() == "6A93E360717394015DF93E031218C9A6"


def test_gcm_tag_over_additional_data_matches_the_dcc_vector():
    tag = gcm_tag(bytes.fromhex("000102030405060708090a0b0c0d0e0f"),
                  bytes.fromhex("90b3d51f30030000"), b"helloworld")
    assert tag[:12].hex() == "fb3afed43b78508864f00da3"


def test_issued_code_is_a_real_format_utrn_carrying_value_and_counter():
    code = make_utrn(EUI, Decimal("12.34"), counter=7)
    assert len(code) == 20 and code.isdigit()
    assert check_digit_ok(code)
    ptut = parse_utrn(code)
    assert (ptut.value, ptut.value_class.name, ptut.counter_bits) == (1234, "PENCE", 7)
    token = decode_utrn(code, EUI)
    assert token is not None and (token.value_minor, token.counter) == (1234, 7)


def test_whole_pound_values_beyond_the_pence_range_use_the_pound_value_class():
    code = make_utrn(EUI, 200, counter=1)
    assert parse_utrn(code).value_class.name == "POUNDS"
    token = decode_utrn(code, EUI)
    assert token is not None and token.value_minor == 20_000


def test_code_for_another_meter_or_with_a_forged_mac_is_invalid():
    code = make_utrn(EUI, 10, counter=3)
    assert decode_utrn(code, OTHER) is None
    ptut = parse_utrn(code)
    forged = type(ptut)(ptut.counter_bits, ptut.value_class, 5000, ptut.mac).utrn()
    assert check_digit_ok(forged)  # a well-formed code: only the MAC can refuse it
    assert decode_utrn(forged, EUI) is None
    mistyped = code[:5] + str((int(code[5]) + 1) % 10) + code[6:]
    assert decode_utrn(mistyped, EUI) is None
    assert decode_utrn("1234", EUI) is None


def test_top_up_numbers_past_the_ten_counter_bits_are_rebuilt_by_the_meter():
    account = PrepaymentAccount(meter_eui64=EUI)
    account.max_credit_pence = 10**9
    for counter in (1020, 1023, 1024, 1030):  # 1024 and 1030 wrap the 10 bits
        result, value = account.top_up(make_utrn(EUI, 1, counter), NOW)
        assert result.name == "Accepted" and value == 100, counter
    assert account.ledger.seen(1030)
    again, _ = account.top_up(make_utrn(EUI, 1, 1030), NOW)
    assert again.name == "Rejected_Duplicate"


@pytest.mark.parametrize("amount", [0, -5, Decimal("0.001"), 8192])
def test_amounts_that_cannot_be_encoded_are_refused(amount):
    with pytest.raises(ValueError):
        make_utrn(EUI, amount, counter=1)


def test_demo_codes_are_valid_and_distinct():
    codes = demo_codes(EUI)
    assert len(set(codes)) == 3
    assert all(check_digit_ok(c) and decode_utrn(c, EUI) is not None for c in codes)
