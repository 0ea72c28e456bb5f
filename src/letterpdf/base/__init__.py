"""What every stage may use: errors, options, the letter's language, the cache primitives.

Nothing here knows about a letter folder's layout, HTML or PDF; every other package
imports from here, and this package imports from none of them.
"""

#: letterpdf's version (pyproject.toml reads it from here).
__version__ = "0.1.0"
