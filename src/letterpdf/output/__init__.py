"""Stage 4, the PDF as it leaves: assembly, metadata, profiles, preflight.

In: the rendered parts (letter, annex, scans). Out: one PDF with page labels, outline,
XMP and the destination's variant; and the preflight report on a finished PDF.
"""
