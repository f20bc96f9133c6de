"""PyInstaller's entry script: the same `ui.entry.main` as the `grassroots` command.

A separate file rather than ui/entry.py itself, so that the frozen program imports `ui.entry` as a package
module (not as `__main__` with ui/ on sys.path, where `ui/dialogs.py` would shadow a top-level `dialogs`).
"""

import multiprocessing
import sys

from ui.entry import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless today; needed the day a worker uses multiprocessing
    sys.exit(main())
