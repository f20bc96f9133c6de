"""The application's rules, storage and commands: everything below the window."""

# The version this code is, as pyproject.toml's [project] version says (a test keeps the two alike). Read from
# here, not from the installed package's metadata: asking importlib.metadata cost a new database's first import
# 25 ms, scanning every installed distribution.
__version__ = "0.1.0"
