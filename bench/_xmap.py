"""A virtual X display and an event-driven wait for a process's top-level window to map (libX11 over ctypes).

`VirtualDisplay` starts its own `Xvfb` (a free display number chosen by the server itself, `-displayfd`) and
stops it on exit. `MapWatcher` is one Xlib connection to that display that listens on the root window for
SubstructureNotify: every top-level window that maps there (no window manager runs, so nothing is reparented)
produces a MapNotify on this connection. `MapWatcher.wait_for_pid(pid, deadline)` blocks in `select()` on the
connection's socket — no polling interval — and returns the `time.perf_counter()` at which it received the
MapNotify of a window that is not override-redirect (menus, tooltips, drop-downs are) and whose `_NET_WM_PID`
property (CARDINAL, set by Qt's xcb plugin before it maps a window) is `pid`.

Needs the Xvfb binary and libX11 (Debian/Ubuntu: `apt-get install xvfb libx11-6`); Qt's xcb plugin also needs
libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libegl1.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import time

MAP_NOTIFY = 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
XA_CARDINAL = 6
SUCCESS = 0

INSTALL_HINT = (
    "apt-get install xvfb libx11-6 libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 "
    "libxcb-image0 libxcb-render-util0 libegl1"
)


class XMapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xmap", XMapEvent), ("pad", ctypes.c_long * 24)]


# int (*XErrorHandler)(Display *, XErrorEvent *)
_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


class XUnavailable(RuntimeError):
    """Xvfb or libX11 is missing, or the display cannot be opened."""


def _load_libx11() -> ctypes.CDLL:
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        raise XUnavailable(f"libX11 not found ({exc}); install it: {INSTALL_HINT}") from exc
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    lib.XConnectionNumber.argtypes = [ctypes.c_void_p]
    lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
    lib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.XPending.argtypes = [ctypes.c_void_p]
    lib.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(XEvent)]
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XGetWindowProperty.argtypes = [
        ctypes.c_void_p,  # display
        ctypes.c_ulong,  # window
        ctypes.c_ulong,  # property
        ctypes.c_long,  # long_offset
        ctypes.c_long,  # long_length
        ctypes.c_int,  # delete
        ctypes.c_ulong,  # req_type
        ctypes.POINTER(ctypes.c_ulong),  # actual_type_return
        ctypes.POINTER(ctypes.c_int),  # actual_format_return
        ctypes.POINTER(ctypes.c_ulong),  # nitems_return
        ctypes.POINTER(ctypes.c_ulong),  # bytes_after_return
        ctypes.POINTER(ctypes.c_void_p),  # prop_return
    ]
    lib.XFree.argtypes = [ctypes.c_void_p]
    lib.XSetErrorHandler.argtypes = [_ERROR_HANDLER]
    lib.XSetErrorHandler.restype = ctypes.c_void_p
    return lib


class VirtualDisplay:
    """`with VirtualDisplay() as display:` — an Xvfb of its own; `display.name` is e.g. ':7'."""

    def __init__(self, size: str = "1600x1000x24", timeout: float = 20.0):
        self.size = size
        self.timeout = timeout
        self.name = ""
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> VirtualDisplay:
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            raise XUnavailable(f"Xvfb not found; install it: {INSTALL_HINT}")
        read_fd, write_fd = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [xvfb, "-displayfd", str(write_fd), "-screen", "0", self.size, "-nolisten", "tcp"],
                pass_fds=(write_fd,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        finally:
            os.close(write_fd)
        try:
            number = b""
            deadline = time.monotonic() + self.timeout
            while not number.endswith(b"\n"):
                ready, _, _ = select.select([read_fd], [], [], max(0.0, deadline - time.monotonic()))
                chunk = os.read(read_fd, 32) if ready else b""
                if not chunk:
                    self.__exit__(None, None, None)
                    raise XUnavailable(
                        f"Xvfb did not start (it reported no display number): {self._stderr()}"
                    )
                number += chunk
        finally:
            os.close(read_fd)
        self.name = f":{int(number)}"
        return self

    def _stderr(self) -> str:
        if self.proc is None or self.proc.stderr is None:
            return ""
        try:
            self.proc.wait(timeout=2)
            return self.proc.stderr.read().decode(errors="replace").strip()[-2000:]
        except subprocess.TimeoutExpired:
            return ""

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()


class MapWatcher:
    """`with MapWatcher(':7') as watcher:` — sees every top-level window that maps on that display."""

    def __init__(self, display_name: str):
        self.display_name = display_name
        self.lib = _load_libx11()
        self.display = None
        self.errors = 0

    def __enter__(self) -> MapWatcher:
        lib = self.lib

        def on_error(_display, _event) -> int:  # e.g. BadWindow: the window went away before we asked
            self.errors += 1
            return 0

        self._on_error = _ERROR_HANDLER(on_error)  # kept alive as long as the watcher
        lib.XSetErrorHandler(self._on_error)
        self.display = lib.XOpenDisplay(self.display_name.encode())
        if not self.display:
            raise XUnavailable(f"cannot open X display {self.display_name}")
        self.fd = lib.XConnectionNumber(self.display)
        self.root = lib.XDefaultRootWindow(self.display)
        self.pid_atom = lib.XInternAtom(self.display, b"_NET_WM_PID", 0)
        lib.XSelectInput(self.display, self.root, SUBSTRUCTURE_NOTIFY_MASK)
        lib.XSync(self.display, 0)
        return self

    def __exit__(self, *exc) -> None:
        if self.display:
            self.lib.XCloseDisplay(self.display)
            self.display = None

    def window_pid(self, window: int) -> int | None:
        """The window's _NET_WM_PID, or None (no such property, or the window is gone)."""
        lib = self.lib
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        nitems, bytes_after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = lib.XGetWindowProperty(
            self.display,
            window,
            self.pid_atom,
            0,
            1,
            0,
            XA_CARDINAL,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(nitems),
            ctypes.byref(bytes_after),
            ctypes.byref(data),
        )
        try:
            if (
                status != SUCCESS
                or actual_type.value != XA_CARDINAL
                or actual_format.value != 32
                or not nitems.value
            ):
                return None
            # Format 32 comes back as an array of C longs, whatever their size.
            return ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0]
        finally:
            if data.value:
                lib.XFree(data)

    def drain(self) -> None:
        """Forget the events received so far (the previous child's unmaps and destroys)."""
        event = XEvent()
        self.lib.XSync(self.display, 0)
        while self.lib.XPending(self.display):
            self.lib.XNextEvent(self.display, ctypes.byref(event))

    def wait_for_pid(self, pid: int, deadline: float, alive=lambda: True) -> float | None:
        """Block until a top-level window of process `pid` maps; the perf_counter() when its MapNotify was
        received. None when `deadline` (a perf_counter() value) passes or `alive()` turns false first."""
        lib, event = self.lib, XEvent()
        while True:
            while lib.XPending(self.display):
                lib.XNextEvent(self.display, ctypes.byref(event))
                if event.type != MAP_NOTIFY:
                    continue
                received = time.perf_counter()
                if event.xmap.override_redirect:
                    continue
                if self.window_pid(event.xmap.window) == pid:
                    return received
            left = deadline - time.perf_counter()
            if left <= 0 or not alive():
                return None
            # Wake on the X connection; at most every 0.5 s to notice a child that died without a window.
            select.select([self.fd], [], [], min(left, 0.5))
