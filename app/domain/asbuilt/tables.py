"""The fixed-width tables cluster.exe prints, and how to split their rows.

A table is a title line, a blank line, a header line and a line of dashes whose runs give the
column widths; the last column takes the rest of the line. cluster.exe pads every value to its
column and writes one space before the next, but never cuts a value: a longer one pushes the rest
of its line to the right. So a row is not split by widths alone. The parsers lean on what does
not vary: closed sets of status words at the end of a row, names without spaces (node names,
property names, type letters), and the names other sections have already listed (groups,
resources, networks). Widths decide only where none of these can.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable

_DASHES = re.compile(r"^-+(?: -+)*\s*\Z")
_FAILURE = (re.compile(r"^System (?:error|warning) \d+ has occurred"), re.compile(r"^The .+ could not be found\.?\Z"),
            re.compile(r"is not recognized as an internal or external command"),
            re.compile(r"^The (?:cluster|RPC server|system|specified|group|resource|node|network) .+\.\Z"),
            re.compile(r"^Error:"), re.compile(r"^Access is denied\.?\Z"))
# What cluster.exe prints for a name the cluster does not have: system errors 5007 (resource),
# 5013 (group), 5042 (node) and 5045 (network), each followed by Windows' text for the code.
_NOT_FOUND = re.compile(r"System error 50(?:07|13|42|45) has occurred|could not be found|cannot be found|"
                        r"was not found|does not exist", re.IGNORECASE)
# The most lines of text an error message takes (cluster.exe prints two, a paste may add a prompt).
_FAILURE_LINES = 6


class Unreadable(Exception):
    """A section stops making sense at one of its lines (`index` counts from the section's first line)."""

    def __init__(self, index: int, line: str, reason: str):
        super().__init__(reason)
        self.index, self.line, self.reason = index, line, reason


class CommandFailed(Exception):
    """The command printed an error instead of its output (a misspelt group, a stopped service);
    `not_found` when the error says the cluster has nothing of the name the command gave."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        self.not_found = bool(_NOT_FOUND.search(message))


@dataclass(frozen=True)
class Table:
    title: str
    starts: tuple[int, ...]        # where each column begins
    widths: tuple[int, ...]        # the dash runs; the last column is not bounded
    rows: tuple[tuple[int, str], ...]  # (index in the section, the line)

    def width(self, column: int) -> int:
        return self.widths[column]


def failure_message(lines: Iterable[str]) -> str | None:
    """The error a command printed instead of its output, if the text reads like one."""
    text = [line.strip() for line in lines if line.strip()]
    if text and len(text) <= _FAILURE_LINES and any(pattern.search(line) for line in text for pattern in _FAILURE):
        return " ".join(text)
    return None


def _failed_after(lines: tuple[str, ...], index: int) -> None:
    """Raise CommandFailed when what follows line `index` is an error message (cluster.exe may print
    its title before it finds that the group or resource it was given does not exist)."""
    failure = failure_message(lines[index + 1:])
    if failure:
        raise CommandFailed(failure)


def first_text(lines: tuple[str, ...]) -> int:
    return next((index for index, line in enumerate(lines) if line.strip()), len(lines))


# Lines a console or a pasted session may put before a command's output: the copyright banner
# of cmd.exe, systeminfo's progress messages.
_BANNER = re.compile(r"^(?:Microsoft Windows(?: XP)? \[Version [\d.]+\]|\(C\) Copyright \d{4}-\d{4} Microsoft Corp\.?|"
                     r"Loading .+\.\.\.|Microsoft \(R\) Windows .*|Copyright \(c\) .*Microsoft Corporation.*)\Z",
                     re.IGNORECASE)


def title_line(lines: tuple[str, ...], pattern: re.Pattern, expected: str,
               also: re.Pattern | None = None) -> tuple[int, re.Match]:
    """The index and match of the section's first line (after any console banner); a failed command
    or another language is named."""
    index = first_text(lines)
    while index < len(lines) and (not lines[index].strip() or _BANNER.match(lines[index].strip())):
        index += 1
    if index == len(lines):
        raise Unreadable(max(0, len(lines) - 1), "", "the section is empty: the command printed nothing")
    line = lines[index].strip()
    match = pattern.match(line) or (also.match(line) if also else None)
    if match:
        return index, match
    failure = failure_message(lines)
    if failure:
        raise CommandFailed(failure)
    raise Unreadable(index, lines[index], f"the first line is not “{expected}” as English cluster.exe output "
                                          "begins (output in another language cannot be read)")


def read_table(lines: tuple[str, ...], pattern: re.Pattern, expected_title: str, headers: tuple[str, ...],
               also: re.Pattern | None = None) -> tuple[Table, re.Match]:
    index, match = title_line(lines, pattern, expected_title, also)
    header_index = index + 1
    while header_index < len(lines) and not lines[header_index].strip():
        header_index += 1
    if header_index + 1 >= len(lines) or not _DASHES.match(lines[header_index + 1]):
        _failed_after(lines, index)
        last = min(header_index, len(lines) - 1)
        raise Unreadable(last, lines[last], "the table stops before its header and line of dashes: "
                                            "the output looks cut off")
    header, dashes = lines[header_index], lines[header_index + 1]
    starts = tuple(m.start() for m in re.finditer(r"-+", dashes))
    widths = tuple(m.end() - m.start() for m in re.finditer(r"-+", dashes))
    _check_header(header, starts, headers, header_index)
    rows = []
    for row_index in range(header_index + 2, len(lines)):
        if not lines[row_index].strip():
            break
        rows.append((row_index, lines[row_index].rstrip()))
    return Table(lines[index].strip(), starts, widths, tuple(rows)), match


def _check_header(header: str, starts: tuple[int, ...], headers: tuple[str, ...], index: int) -> None:
    if len(starts) != len(headers):
        raise Unreadable(index, header, f"the table has {len(starts)} columns where {len(headers)} "
                                        f"({', '.join(headers)}) were expected")
    for start, name in zip(starts, headers):
        if not header[start:].lower().startswith(name.lower()):
            raise Unreadable(index, header, f"the header is not “{'  '.join(headers)}” (output in another "
                                            "language cannot be read)")


# ---------------------------------------------------------------- pieces of a row

def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def take_word_at_end(text: str, words: tuple[str, ...]) -> tuple[str, str] | None:
    """Split off the first of `words` (give them longest first) ending `text`, after a space or at its
    start, matched without regard to case; returns (what is left, the word as listed)."""
    stripped = text.rstrip()
    folded = stripped.casefold()
    for word in words:
        end = word.casefold()
        if folded.endswith(end) and (len(folded) == len(end) or folded[-len(end) - 1] == " "):
            return stripped[:-len(end)], word
    return None


def take_last_token(text: str) -> tuple[str, str] | None:
    stripped = text.rstrip()
    if not stripped:
        return None
    cut = stripped.rfind(" ")
    return stripped[:cut + 1], stripped[cut + 1:]


def split_by_known_end(text: str, known: tuple[str, ...]) -> tuple[str, str] | None:
    """`text` is "<first> <second>" and <second> is one of `known` (longest first): the longest that fits."""
    found = take_word_at_end(text, known)
    if found is None or not found[0].strip():
        return None
    return found[0].rstrip(), found[1]


class KnownNames:
    """Names another section listed, looked up by how a row of a `width` column starts: a name shorter
    than the column is followed by its padding, a longer one fills the column with its first letters."""

    def __init__(self, names: Iterable[str], width: int):
        self.width = width
        self.by_start: dict[str, list[tuple[str, str]]] = {}
        unique = sorted(set(names))
        for name in sorted(unique, key=len, reverse=True):
            self.by_start.setdefault(name[:width].ljust(width).casefold(), []).append((name, name.casefold()))
        # Names no other name continues after a space ("EXVS1 IP" is not, with "EXVS1 IP Address" listed):
        # a row starting with one of them followed by a space is that name, whatever else is known.
        self.alone = {name for name in unique if not _continued(unique, name + " ")}
        self.last: str | None = None
        self.memo: tuple[str, tuple[str, str] | None] = ("", None)

    def __bool__(self) -> bool:
        return bool(self.by_start)

    def split_start(self, text: str) -> tuple[str, str] | None:
        """`text` is "<name> <rest>" for a known name (the longest that fits): returns (name, rest).
        Rows of one resource follow each other, so the name found last is tried first."""
        last = self.last
        if last is not None and text.startswith(last) and (len(text) == len(last) or text[len(last)] == " "):
            return last, text[len(last):]
        if self.memo[0] is text:
            return self.memo[1]
        found = self._look_up(text)
        self.memo = (text, found)
        if found is not None and found[0] in self.alone:
            self.last = found[0]
        return found

    def _look_up(self, text: str) -> tuple[str, str] | None:
        start = text[:self.width]
        names = self.by_start.get(start) or self.by_start.get(start.ljust(self.width).casefold(), ())
        for name, folded in names:
            if (text.startswith(name) or text[:len(name)].casefold() == folded) and \
                    (len(text) == len(name) or text[len(name)] == " "):
                if len(start) == self.width:
                    self.by_start.setdefault(start, names)  # rows of one resource follow each other
                return text[:len(name)], text[len(name):]
        return None


def _continued(ordered: list[str], prefix: str) -> bool:
    """Whether a name of the sorted list starts with `prefix` (the first such sorts right at it)."""
    position = bisect.bisect_left(ordered, prefix)
    return position < len(ordered) and ordered[position].startswith(prefix)


def split_at_width(text: str, width: int) -> tuple[str, str] | None:
    """Split where the column ends, if the separator space is there (no overflow to be seen)."""
    if len(text) > width and text[width] == " " and text[:width].strip():
        return text[:width].rstrip(), text[width + 1:]
    if len(text) <= width and text.strip():
        return text.rstrip(), ""
    return None
