"""The ``letterpdf`` loggers.

The library logs and never prints. Levels:

- WARNING: something in the input was ignored or refused (an unknown column, a URL
  outside the letter folder); the PDF is still built. ``--strict`` makes these fatal.
- INFO: one line per finished build.
- ``letterpdf.progress`` at INFO: the steps of a build, "Step N - ...".

The CLI's ``--verbose`` and ``--quiet`` only change levels.
"""

from __future__ import annotations

import logging

LOGGER = logging.getLogger("letterpdf")
LOGGER.addHandler(logging.NullHandler())
PROGRESS_LOGGER = logging.getLogger("letterpdf.progress")
