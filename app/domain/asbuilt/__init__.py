"""As built: the real cluster, read from a capture of its commands' output, compared with the plan.

text.py decodes the file, sections.py cuts it into commands, parsers.py reads each (tables.py
splits cluster.exe's columns), capture.py puts them together, convert.py turns them into a
ClusterState, compare/ compares it with the intended state (its verdict: matches, differs or
incomplete), severity.py raises a difference to the severity of the plan rule it breaks, verify.py
does all of it in one call, report.py relates the result to the checklist and to earlier captures,
collect.py writes the collection script and prefill.py fills a node of the plan from one server's
output.
"""
from app.domain.asbuilt.capture import Capture, Problem, read_capture, read_capture_text
from app.domain.asbuilt.compare import Comparison, Difference, NotCompared, compare
from app.domain.asbuilt.text import MAX_CAPTURE_BYTES, CaptureUnreadable, decode_capture, size_text
from app.domain.asbuilt.verify import CaptureRefused, Verification, verify, verify_capture, verify_text

__all__ = ["Capture", "CaptureRefused", "CaptureUnreadable", "Comparison", "Difference", "MAX_CAPTURE_BYTES",
           "NotCompared", "Problem", "Verification", "compare", "decode_capture", "read_capture",
           "read_capture_text", "size_text", "verify", "verify_capture", "verify_text"]
