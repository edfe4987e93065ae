"""Whether this is CI's run (``CI=true``): there a test whose tool is missing fails instead of
skipping."""

from __future__ import annotations

import os

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
