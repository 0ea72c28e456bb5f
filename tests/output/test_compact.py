"""The file as written: object streams, and no stream a strict validator misreads."""

from __future__ import annotations

import io
import zlib

import pikepdf
from hypothesis import given, settings
from hypothesis import strategies as st

from letterpdf.output.compact import compact


def _pdf_with_stream(raw: bytes, **keys: object) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, raw)
    for key, value in keys.items():
        stream[f"/{key}"] = value
    pdf.Root.Extra = pdf.make_indirect(stream)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _data_ending_in_cr() -> bytes:
    """Content whose Flate encoding ends with a carriage return: the low byte of its
    Adler-32 (one more than the sum of its bytes), steered by a comment's last letter."""
    return next(
        data
        for colour in (b"0 0 1 rg", b"1 0 0 rg")
        for c in range(256)
        if c not in b"\r\n"
        and zlib.compress(data := colour + b"\n%" + bytes([c]) + b"\n").endswith(b"\r")
    )


def test_no_stream_ends_in_a_carriage_return() -> None:
    """Data ending in CR, then qpdf's LF before endstream, reads as a CR LF marker to some
    validators, and the /Length as one byte too long: such data is compressed again."""
    content = _data_ending_in_cr()
    raw = zlib.compress(content)
    out = compact(_pdf_with_stream(raw, Filter=pikepdf.Name.FlateDecode))
    assert b"\r\nendstream" not in out
    with pikepdf.open(io.BytesIO(out)) as pdf:
        assert pdf.Root.Extra.read_bytes() == content
        assert list(pdf.Root.Extra.Filter)[:2] == ["/FlateDecode", "/FlateDecode"]


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=200))
def test_compact_keeps_every_stream(data: bytes) -> None:
    out = compact(_pdf_with_stream(zlib.compress(data), Filter=pikepdf.Name.FlateDecode))
    assert b"\r\nendstream" not in out
    with pikepdf.open(io.BytesIO(out)) as pdf:
        assert pdf.Root.Extra.read_bytes() == data
