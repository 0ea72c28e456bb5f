"""Allow ``python -m letterpdf``."""

from letterpdf.cli import main

main()
