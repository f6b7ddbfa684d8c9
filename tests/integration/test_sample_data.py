"""The synthetic sample exports are what the seeded script makes, byte for byte."""

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "2021" / "exports"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_generator_reproduces_the_shipped_exports(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample_data.py"),
                    str(tmp_path)], check=True)
    assert digest(tmp_path) == digest(SHIPPED)
