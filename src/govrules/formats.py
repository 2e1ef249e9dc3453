"""The report formats, named where the CLI can read them without importing the reports."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    TEXT = "text"
    CONCISE = "concise"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    HTML = "html"
