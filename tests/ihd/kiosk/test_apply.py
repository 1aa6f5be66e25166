"""The operator's file wins for what it sets and leaves the rest alone; a change of
tenancy forgets the pairing and the budget."""

from __future__ import annotations

from ihd.config import Settings
from ihd.kiosk.apply import apply_to_settings, needs_pairing, reset_household
from ihd.kiosk.operator_config import parse


def paired() -> Settings:
    return Settings(source="bridge", daily_budget="6.00", bridge_url="https://10.0.0.2:8443",
                    bridge_fingerprint="sha256:aa", bridge_token="secret",
                    bridge_premises="home-1", bridge_last_seq=40)


def test_a_file_without_source_leaves_the_pairing_and_sets_the_budget() -> None:
    settings = paired()
    apply_to_settings(parse('[display]\ndaily_budget = "3.50"\n'), settings)
    assert settings.daily_budget == "3.50"
    assert settings.bridge_token == "secret" and settings.bridge_last_seq == 40


def test_the_same_bridge_keeps_its_pairing_a_new_one_is_paired_with_the_file_pin() -> None:
    same = parse('[source]\nkind = "bridge"\nbridge_url = "https://10.0.0.2:8443/"\n'
                 'bridge_pairing_pin = "1-2345-6789"\n')
    settings = paired()
    apply_to_settings(same, settings)
    assert settings.bridge_token == "secret" and not needs_pairing(same, settings)
    other = parse('[source]\nkind = "bridge"\nbridge_url = "https://10.0.0.9:8443"\n'
                  'bridge_pairing_pin = "1-2345-6789"\n')
    apply_to_settings(other, settings)
    assert settings.bridge_url == "https://10.0.0.9:8443"
    assert settings.bridge_token is None and settings.bridge_last_seq == 0
    assert needs_pairing(other, settings)


def test_a_device_source() -> None:
    settings = paired()
    apply_to_settings(parse('[source]\nkind = "raven"\nraven_device = "/dev/ttyACM0"\n'),
                      settings)
    assert (settings.source, settings.raven_port) == ("raven", "/dev/ttyACM0")


def test_reset_forgets_everything_of_the_household() -> None:
    settings = paired()
    reset_household(settings)
    assert settings == Settings()
