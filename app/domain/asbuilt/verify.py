"""A capture checked against a plan, in one call: `verify(plan, raw) -> Verification`.

Raises `CaptureRefused` for anything that must not be stored or reported as a comparison: a file
that is not a capture, a section that cannot be read (another language, a truncated table), or a
capture of another cluster. Its message is written for the person uploading; `problems` names
each unreadable section with the line that stopped it.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.domain.asbuilt.capture import Capture, Problem, read_capture, read_capture_text
from app.domain.asbuilt.compare import Comparison, compare, other_cluster
from app.domain.asbuilt.convert import Coverage, captured_state
from app.domain.asbuilt.severity import with_plan_rules
from app.domain.asbuilt.text import CaptureUnreadable
from app.domain.cluster.state import ClusterState, intended_state
from app.domain.plan.model import Plan


class CaptureRefused(ValueError):
    def __init__(self, message: str, problems: tuple[Problem, ...] = ()):
        super().__init__(message)
        self.message, self.problems = message, problems


@dataclass(frozen=True)
class Verification:
    capture: Capture
    intended: ClusterState
    found: ClusterState
    coverage: Coverage
    comparison: Comparison


def verify(plan: Plan, raw: bytes) -> Verification:
    try:
        capture = read_capture(raw)
    except CaptureUnreadable as error:
        raise CaptureRefused(str(error)) from error
    return verify_capture(plan, capture)


def verify_text(plan: Plan, text: str) -> Verification:
    try:
        capture = read_capture_text(text)
    except CaptureUnreadable as error:
        raise CaptureRefused(str(error)) from error
    return verify_capture(plan, capture)


def verify_capture(plan: Plan, capture: Capture) -> Verification:
    if capture.problems:
        count = len(capture.problems)
        raise CaptureRefused(f"{count} section{'s' if count != 1 else ''} of the capture cannot be read, so nothing "
                             "was compared or stored. Run the command again (in English) or remove the section, "
                             "then send the capture again.", capture.problems)
    intended = intended_state(plan)
    found, coverage = captured_state(capture)
    reason = other_cluster(intended, found, coverage)
    if reason:
        raise CaptureRefused(reason)
    return Verification(capture, intended, found, coverage, with_plan_rules(plan, compare(intended, found, coverage)))
