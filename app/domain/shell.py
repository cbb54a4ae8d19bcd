"""Writing plan values into commands so that what a reader sees is what runs.

Windows batch files (cmd.exe) and PowerShell quote differently. In cmd.exe a value goes between
double quotes, inside which & | < > ^ ( ) are plain characters; a double quote or a percent sign
cannot be written safely there (a percent sign expands a variable even inside quotes in a batch
file), and no control character can. PowerShell takes any text between single quotes, a single
quote being doubled. The plan's rule `names-command-safe` refuses the characters neither can carry,
and the characters that would make a command read differently from how it runs (bidirectional
overrides, zero-width and other invisible format characters), so every value that reaches here
can be quoted; `cmd_quote` still refuses what it cannot write rather than pass it on.
"""
from __future__ import annotations

import re
import unicodedata

# Characters a batch file cannot carry inside double quotes.
CMD_UNSAFE = re.compile(r'["%\r\n\x00-\x1f\x7f]')
# What cmd.exe treats as syntax outside quotes, escaped with a caret in `echo` lines.
CMD_SPECIAL = re.compile(r"([\^&|<>()])")
# PowerShell reads each of these as a single quote; inside a literal each is doubled.
PS_QUOTES = re.compile("['\u2018\u2019\u201a\u201b]")
# A bare word that needs no quotes in either shell.
BARE = re.compile(r"\A[A-Za-z0-9._:\\$@=,/+-]+\Z")


CHARACTER_NAMES = {'"': "a double quote (\")", "%": "a percent sign (%)"}


def invisible_characters(text: str) -> list[str]:
    """Code points that change how text is shown without being seen: bidirectional controls,
    zero-width characters and every other format (Cf) character, and control characters."""
    return [c for c in text if unicodedata.category(c) in ("Cf", "Cc") or c in "\u2028\u2029"]


def cmd_problem(text: str) -> str | None:
    """Why `text` cannot be written into a batch file, or None."""
    hidden = invisible_characters(text)
    if hidden:
        return "it holds invisible or control characters (" + ", ".join(f"U+{ord(c):04X}" for c in hidden[:3]) + ")"
    foreign = sorted({c for c in text if ord(c) > 126})
    if foreign:
        return ("it holds " + " ".join(f"“{c}”" for c in foreign[:3]) + ", outside ASCII: batch files on Windows "
                "2000 and 2003 read commands in the console's code page, so cluster.exe would not get it as typed")
    bad = sorted(set(CMD_UNSAFE.findall(text)))
    if bad:
        names = [CHARACTER_NAMES.get(c, f"U+{ord(c):04X}") for c in bad]
        return "it holds " + " and ".join(names) + ", which a batch file cannot quote safely"
    return None


class UnsafeValue(ValueError):
    pass


def cmd_quote(text: str) -> str:
    """A cmd.exe argument: bare when that is safe, else in double quotes."""
    problem = cmd_problem(text)
    if problem:
        raise UnsafeValue(f"{text!r}: {problem}")
    return text if BARE.match(text) else f'"{text}"'


# The typography of the runbook's own words, in ASCII for batch files.
ASCII_FOR = {"›": ">", "‹": "<", "…": "...", "–": "-", "—": "-", "‘": "'", "’": "'", "“": "'", "”": "'",
             "→": "->", "·": "-", "\u00a0": " "}


def ascii_text(text: str) -> str:
    """Words for a batch file's echo and REM lines: ASCII only, nothing cmd.exe would expand."""
    text = "".join(ASCII_FOR.get(c, c) for c in " ".join(text.split()))
    return "".join("?" if ord(c) > 126 or CMD_UNSAFE.match(c) else c for c in text)


def cmd_echo(text: str) -> str:
    """An `echo` line that prints `text` (a batch file's messages)."""
    return "echo(" + CMD_SPECIAL.sub(r"^\1", ascii_text(text))


def ps_quote(text: str) -> str:
    """A PowerShell string literal holding exactly `text`."""
    if invisible_characters(text):
        raise UnsafeValue(f"{text!r}: it holds invisible or control characters")
    return "'" + PS_QUOTES.sub(lambda m: m.group(0) * 2, text) + "'"
