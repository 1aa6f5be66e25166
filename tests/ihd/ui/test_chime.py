"""The alert chime is a real, playable sound: the two tones a person hears."""

from __future__ import annotations

import itertools
import struct
import wave
from pathlib import Path

from ihd.ui.chime import RATE, TONES, Chime, find_player, write_chime


def _frequency(samples: list[int]) -> float:
    crossings = sum(1 for a, b in itertools.pairwise(samples) if a < 0 <= b)
    return crossings * RATE / len(samples)


def test_the_chime_is_a_mono_16_bit_wav_of_two_falling_tones(tmp_path: Path) -> None:
    path = write_chime(tmp_path / "chime.wav")
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        frames = wav.readframes(wav.getnframes())
    samples = list(struct.unpack(f"<{len(frames) // 2}h", frames))
    assert len(samples) == sum(int(RATE * seconds) for _, seconds in TONES)
    first = int(RATE * TONES[0][1])
    assert abs(_frequency(samples[:first]) - 880) < 10
    assert abs(_frequency(samples[first:]) - 660) < 10
    assert max(abs(s) for s in samples) < 32767 * 0.55  # half scale: not startling
    assert abs(samples[0]) < 200 and abs(samples[-1]) < 200  # soft edges: no click


def test_with_no_sound_player_the_chime_falls_back_without_failing(qapp, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert find_player() is None
    chime = Chime()
    chime.play()  # the window system's bell
    assert chime.played == 1
