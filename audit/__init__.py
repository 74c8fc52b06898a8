"""audit: checks Chinese government information-disclosure annual reports."""
from __future__ import annotations

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0"

from .pipeline import audit_path, audit_text  # noqa: E402

__all__ = ["audit_path", "audit_text", "__version__", "SCHEMA_VERSION"]
