"""Bytes of a capture file to text: the encodings real files arrive in, and what is not text at all.

Output redirected from cmd.exe is in the OEM code page (437 on English Windows), a file saved from
Notepad is Windows-1252, and PowerShell's redirection writes UTF-16LE with a byte order mark.
Line ends may be CRLF, LF or a lone CR. The result always has "\\n" line ends.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# The largest capture read; checked before decoding (the web layer checks it before reading the
# request body). A 16-node capture with every section is well under 1 MB, twice that as UTF-16.
MAX_CAPTURE_BYTES = 5 * 1024 * 1024

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # every control character but tab, line ends, form feed


class CaptureUnreadable(ValueError):
    """The file as a whole cannot be read; the message says why, in words for the person uploading."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str       # how it was read, for the page: "UTF-16LE with a byte order mark", "OEM 437", ...


def size_text(size: int) -> str:
    """A byte count as a person reads it: "812 KB", "50.0 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def size_over_limit(size: int) -> str:
    """A size above MAX_CAPTURE_BYTES in words: "50.0 MB", or "just over 5.0 MB" when it rounds to the limit."""
    shown = size_text(size)
    return f"just over {shown}" if shown == size_text(MAX_CAPTURE_BYTES) else shown


def decode_capture(raw: bytes) -> DecodedText:
    if len(raw) > MAX_CAPTURE_BYTES:
        raise CaptureUnreadable(f"The capture is larger than {size_text(MAX_CAPTURE_BYTES)}, the most that is read.")
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            return _checked(_decode(raw[len(bom):], codec, label), f"{label} with a byte order mark")
    utf16 = _utf16_without_bom(raw)
    if utf16:
        codec, label = utf16
        return _checked(_decode(raw, codec, label), f"{label} without a byte order mark")
    if b"\x00" in raw:
        raise CaptureUnreadable("This is not a text file (it holds NUL bytes): upload the text file that "
                                "collect.cmd wrote, or paste its text.")
    try:
        return _checked(raw.decode("utf-8"), "UTF-8" if not raw.isascii() else "ASCII")
    except UnicodeDecodeError:
        return _checked(*_ansi(raw))


def _decode(raw: bytes, codec: str, label: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        raise CaptureUnreadable(f"The file starts like {label} text but is not valid {label} "
                                f"(at byte {error.start}).") from error


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 text of Latin letters has a NUL in every other byte."""
    if len(raw) < 8:
        return None
    even, odd = raw[0::2], raw[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le", "UTF-16LE"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be", "UTF-16BE"
    return None


def _ansi(raw: bytes) -> tuple[str, str]:
    """Windows-1252 or OEM 437, whichever reads the bytes above 127 as more letters (1252 on a tie)."""
    windows = raw.decode("cp1252", errors="replace")
    oem = raw.decode("cp437")
    if _letter_score(oem) > _letter_score(windows):
        return oem, "OEM 437"
    return windows, "Windows-1252"


def _letter_score(text: str) -> int:
    score = 0
    for char in text:
        if ord(char) > 127:
            score += 1 if char.isalpha() else -2
    return score


def _checked(text: str, encoding: str) -> DecodedText:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CaptureUnreadable("The capture is empty.")
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 200):
        raise CaptureUnreadable("This is not a text file (it holds control characters): upload the text file "
                                "that collect.cmd wrote, or paste its text.")
    return DecodedText(text, encoding)
