"""Shared test helpers: where the reference reports live and their truth (compared by pipeline.truth)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GOVREPORT_SHARED", REPO.parent / "shared"))


def shared_dir(*parts: str) -> Path:
    """A folder of ../shared, or skip the test saying why it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"reference reports not available: {path} is absent (they live outside the repo; "
                    f"GOVREPORT_SHARED=/path/to/shared points to them)")
    return path


def load_truth(folder: Path) -> dict:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))
