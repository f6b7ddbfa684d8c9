"""The synthetic sample exports are what the seeded script makes, byte for byte."""

import hashlib
import subprocess
import sys
from pathlib import Path

from tests.project import REPO

# The checkout's own exports and script, as a developer is about to commit them (a regenerated
# sample, not yet committed, is checked against the changed script)
SHIPPED = REPO / "data" / "2021" / "exports"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_generator_reproduces_the_shipped_exports(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_sample_data.py"),
                    str(tmp_path)], check=True)
    assert digest(tmp_path) == digest(SHIPPED)
