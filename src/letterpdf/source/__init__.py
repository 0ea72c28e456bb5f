"""Stage 1, the letter folder read as data: front matter, body, signatory sheet, checks.

In: a folder (letter.md, signatories.csv/.tsv/.xlsx, words.toml, annex/*.pdf).
Out: a :class:`~letterpdf.source.letter.Letter` (frozen) with normalised, de-duplicated
signatories, and the findings of ``signatories check``. Pure data but for reading files:
no HTML, no rendering.
"""
