"""Capture bytes to text: the encodings and line ends real files come in, and what is not text."""
from __future__ import annotations

import pytest

from app.domain.asbuilt.text import MAX_CAPTURE_BYTES, CaptureUnreadable, decode_capture, size_text
from tests.asbuilt.fixtures import read

SAMPLE = "#### cluster node\r\nListing status for all available nodes:\r\n\r\nEXNODE1  Société\r\n"


def test_utf16le_with_a_byte_order_mark_as_powershell_writes_it():
    decoded = decode_capture(b"\xff\xfe" + SAMPLE.encode("utf-16-le"))
    assert decoded.text == SAMPLE.replace("\r\n", "\n") and "UTF-16LE" in decoded.encoding


def test_utf16_without_a_byte_order_mark_is_recognised_by_its_nul_bytes():
    assert decode_capture(SAMPLE.encode("utf-16-le")).text.startswith("#### cluster node\n")
    assert decode_capture(SAMPLE.encode("utf-16-be")).encoding == "UTF-16BE without a byte order mark"


def test_utf8_with_and_without_a_byte_order_mark():
    assert decode_capture(b"\xef\xbb\xbf" + SAMPLE.encode()).text.endswith("Société\n")
    assert decode_capture(SAMPLE.encode()).encoding == "UTF-8"


def test_oem_437_and_windows_1252_are_told_apart_by_their_letters():
    oem = decode_capture(SAMPLE.encode("cp437"))
    ansi = decode_capture(SAMPLE.encode("cp1252"))
    assert (oem.encoding, ansi.encoding) == ("OEM 437", "Windows-1252")
    assert "Société" in oem.text and "Société" in ansi.text


def test_german_umlauts_in_the_oem_code_page_read_as_letters():
    text = decode_capture("Status für alle verfügbaren Knoten".encode("cp437")).text
    assert text == "Status für alle verfügbaren Knoten"


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"])
def test_every_line_end_becomes_a_newline(ending):
    assert decode_capture(f"a{ending}b{ending}".encode()).text == "a\nb\n"


def test_the_fixture_copies_decode_to_the_same_text():
    texts = {name: decode_capture(read(name)).text for name in
             ("2003-two-node.txt", "2003-two-node-utf16.txt", "2003-two-node-lf.txt", "2003-two-node-ansi.txt")}
    assert len(set(texts.values())) == 1
    assert "Contoso Société Générale" in texts["2003-two-node.txt"]


def test_a_binary_file_is_refused_in_words():
    with pytest.raises(CaptureUnreadable, match="not a text file"):
        decode_capture(read("capture.zip"))
    with pytest.raises(CaptureUnreadable, match="not a text file"):
        decode_capture(bytes(range(1, 32)) * 50)


def test_an_empty_file_and_one_of_blanks_are_refused():
    for raw in (b"", b"  \r\n\r\n", b"\xff\xfe"):
        with pytest.raises(CaptureUnreadable, match="empty"):
            decode_capture(raw)


def test_too_large_is_refused_before_decoding():
    with pytest.raises(CaptureUnreadable, match=r"larger than 5.0 MB"):
        decode_capture(b"a" * (MAX_CAPTURE_BYTES + 1))
    assert size_text(50 * 1024 * 1024) == "50.0 MB" and size_text(812 * 1024) == "812 KB"


def test_invalid_utf16_after_its_mark_is_named():
    with pytest.raises(CaptureUnreadable, match="not valid UTF-16LE"):
        decode_capture(b"\xff\xfe" + b"\x00\xd8\x41\x00")  # a lone surrogate
