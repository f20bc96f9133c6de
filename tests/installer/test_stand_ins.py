"""The Wine stand-ins' assembly: every function Qt imports is exported, and ProcessPrng calls RtlGenRandom.
(Assembling and linking them needs binutils-mingw-w64 and is done by installer/build-windows.sh.)"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[2] / "installer" / "wine" / "stand_ins.py"
spec = importlib.util.spec_from_file_location("stand_ins", PATH)
stand_ins = importlib.util.module_from_spec(spec)
spec.loader.exec_module(stand_ins)


def test_icuuc_exports_each_function_and_returns_zero():
    source = stand_ins.icuuc_source(["ucnv_open", "ucnv_close"])
    for name in ("ucnv_open", "ucnv_close"):
        assert f".globl {name}" in source and f'-export:{name}"' in source
    assert source.count("xorl %eax, %eax") == 2
    assert "DllEntry:" in source


def test_process_prng_always_succeeds_through_rtlgenrandom():
    source = stand_ins.BCRYPTPRIMITIVES_SOURCE
    assert "__imp_SystemFunction036" in source and '-export:ProcessPrng"' in source
    assert source.index("call *__imp_SystemFunction036") < source.rindex("movl $1, %eax")


@pytest.mark.skipif(not shutil.which("x86_64-w64-mingw32-ld"), reason="binutils-mingw-w64 not installed")
def test_they_link(tmp_path):
    dll = stand_ins.link("icuuc", stand_ins.icuuc_source(["ucnv_open"]), tmp_path)
    assert dll.read_bytes()[:2] == b"MZ"
    assert stand_ins.main(["bcryptprimitives", str(tmp_path)]) == 0
    assert (tmp_path / "bcryptprimitives.dll").read_bytes()[:2] == b"MZ"
