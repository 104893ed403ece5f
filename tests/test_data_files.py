"""The data files' parse kept beside the byte-code (``notelint.data.load``) is the TOML's parse."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import notelint.data


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``notelint.data`` reading a copy of the data folder, with byte-code writing allowed."""
    folder = tmp_path / "data"
    shutil.copytree(notelint.data.FOLDER, folder, ignore=shutil.ignore_patterns("__pycache__"))
    module = importlib.reload(notelint.data)
    monkeypatch.setattr(module, "FOLDER", str(folder))
    monkeypatch.setattr(module, "_PARSED", str(folder / "__pycache__"))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    yield module
    importlib.reload(notelint.data)


def _names() -> list[str]:
    return sorted(n[:-5] for n in os.listdir(notelint.data.FOLDER) if n.endswith(".toml"))


def test_every_file_reads_back_as_its_toml(data_copy: Any) -> None:
    module = data_copy
    for name in _names():
        with open(os.path.join(module.FOLDER, f"{name}.toml"), "rb") as fh:
            expected = tomllib.load(fh)
        assert module.load(name) == expected  # parsed, then stored
        module.load.cache_clear()
        assert module.load(name) == expected  # read back
        assert list(Path(module._PARSED).glob(f"{name}.*.marshal"))


def test_an_edited_file_is_parsed_again(data_copy: Any) -> None:
    module = data_copy
    path = Path(module.FOLDER) / "profiles.toml"
    before = module.load("profiles")
    module.load.cache_clear()
    path.write_text(path.read_text(encoding="utf-8") + '\n[edited]\nkey = "value"\n', encoding="utf-8")
    after = module.load("profiles")
    assert after == {**before, "edited": {"key": "value"}}


def test_a_broken_stored_parse_is_ignored(data_copy: Any) -> None:
    module = data_copy
    expected = module.load("profiles")
    module.load.cache_clear()
    for stored in Path(module._PARSED).glob("profiles.*.marshal"):
        stamp = stored.read_bytes().split(b"\n", 1)[0]
        stored.write_bytes(stamp + b"\n" + b"\xff\x00garbage")
    assert module.load("profiles") == expected
