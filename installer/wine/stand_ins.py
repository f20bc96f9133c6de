"""Stand-ins for two Windows 10 system DLLs that Wine 8 lacks; for Wine prefixes only, never shipped.

    python stand_ins.py icuuc PATH/TO/Qt6Core.dll OUTDIR    ->  OUTDIR/icuuc.dll            (the build prefix)
    python stand_ins.py bcryptprimitives OUTDIR             ->  OUTDIR/bcryptprimitives.dll (the smoke-test prefix)

- icuuc.dll: Qt6Core.dll of PySide6 >= 6.10 imports a few `ucnv_*` functions from the icuuc.dll that Windows 10
  1903 and later carry in System32. Without it `import PySide6.QtCore` fails, and PyInstaller's PySide6 hooks need
  that import to find Qt's plugins and translations. The stand-in exports every function Qt6Core imports from
  icuuc.dll (read from its import table, so a new Qt needs no edit here); each returns 0. Qt uses them only to
  convert legacy text encodings, which building never does.
- bcryptprimitives.dll: programs built with Rust >= 1.78 (python-calamine, which reads Excel files) import
  `ProcessPrng` from it; Windows has it since Windows 8. The stand-in's ProcessPrng calls advapi32's RtlGenRandom
  (SystemFunction036), so the random numbers are real ones.

Assembled and linked with binutils-mingw-w64 (Debian), no compiler needed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOOLS = "x86_64-w64-mingw32-"


def imported_from(dll: Path, library: str) -> list[str]:
    sys.path.insert(
        0, str(dll.parent.parent)
    )  # pefile is installed beside PySide6 (a PyInstaller dependency)
    import pefile

    pe = pefile.PE(str(dll), fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
    names: list[str] = []
    for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", []):
        if entry.dll.decode().lower() == library:
            names += [imp.name.decode() for imp in entry.imports if imp.name]
    return names


def _exports(names: list[str]) -> list[str]:
    return ['.section .drectve, "yn"'] + [f'.ascii " -export:{name}"' for name in names]


def icuuc_source(names: list[str]) -> str:
    lines = [".text", ".globl DllEntry", "DllEntry:", "  movl $1, %eax", "  ret"]
    for name in names:
        lines += [f".globl {name}", f"{name}:", "  xorl %eax, %eax", "  ret"]
    return "\n".join(lines + _exports(names)) + "\n"


BCRYPTPRIMITIVES_SOURCE = (
    "\n".join(
        [
            ".text",
            ".globl DllEntry",
            "DllEntry:",
            "  movl $1, %eax",
            "  ret",
            ".globl ProcessPrng",  # BOOL ProcessPrng(PBYTE data, SIZE_T size): always TRUE, as documented
            "ProcessPrng:",
            "  subq $40, %rsp",  # shadow space, stack kept 16-byte aligned
            "  call *__imp_SystemFunction036(%rip)",  # BOOLEAN RtlGenRandom(PVOID buffer, ULONG length)
            "  addq $40, %rsp",
            "  movl $1, %eax",
            "  ret",
            *_exports(["ProcessPrng"]),
        ]
    )
    + "\n"
)


def link(name: str, source: str, out: Path, libraries: list[Path] = ()) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.s").write_text(source, encoding="ascii")
    subprocess.run([TOOLS + "as", "-o", str(out / f"{name}.o"), str(out / f"{name}.s")], check=True)
    dll = out / f"{name}.dll"
    command = [TOOLS + "ld", "--dll", "-e", "DllEntry", "--subsystem", "windows", "-o", str(dll)]
    subprocess.run([*command, str(out / f"{name}.o"), *map(str, libraries)], check=True)
    return dll


def main(argv: list[str]) -> int:
    what = argv[0]
    if what == "icuuc":
        qt_core, out = Path(argv[1]), Path(argv[2])
        names = imported_from(qt_core, "icuuc.dll")
        link("icuuc", icuuc_source(names), out)
        print(f"build-time icuuc.dll stand-in: the {len(names)} functions Qt6Core imports ({names[0]}, …)")
    elif what == "bcryptprimitives":
        out = Path(argv[1])
        out.mkdir(parents=True, exist_ok=True)
        (out / "advapi32.def").write_text(
            "LIBRARY advapi32.dll\nEXPORTS\nSystemFunction036\n", encoding="ascii"
        )
        library = out / "libadvapi32.a"
        subprocess.run([TOOLS + "dlltool", "-d", str(out / "advapi32.def"), "-l", str(library)], check=True)
        link("bcryptprimitives", BCRYPTPRIMITIVES_SOURCE, out, [library])
        print("test-time bcryptprimitives.dll stand-in: ProcessPrng → RtlGenRandom")
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
