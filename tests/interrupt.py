"""Ctrl-C for a command the tests start: its SIGINT as at a terminal."""

from __future__ import annotations

import signal


def interruptible() -> None:
    """In the child before it starts (``Popen(preexec_fn=)``): SIGINT at its default. A test run started as a
    background job of a shell without job control (``cmd &`` in a script) inherits SIGINT ignored, and Python
    then sets no KeyboardInterrupt handler: the command would not see the Ctrl-C the test sends it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
