"""Run schemathesis against the live API as one role, with that role's real object ids.

Every response must be documented: no 5xx, a documented status, the documented content type,
headers and schema. ``NOMUSA_FUZZ_EXAMPLES`` sets the examples per operation (CI keeps it small;
``make fuzz`` raises it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHECKS = ",".join([
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_headers_conformance", "response_schema_conformance",
])
EXCLUDED = [
    r"^/api/v1/auth/(logout|refresh)$",  # ending the caller's own session would make every later call a 401
    r"/statements/\{statement_id\}/document$",  # the seeded statement is a stub without a printable document
]


def examples() -> int:
    return int(os.environ.get("NOMUSA_FUZZ_EXAMPLES", "5"))


def phases() -> str:
    """Boundary values of every schema (coverage), then random cases (fuzzing); `make fuzz` adds
    stateful sequences."""
    return os.environ.get("NOMUSA_FUZZ_PHASES", "coverage,fuzzing")


def config(path: Path, ids: dict) -> Path:
    lines = ["[parameters]"] + [f'"path.{k}" = {json.dumps(v)}' for k, v in sorted(ids.items())]
    path.write_text("\n".join(lines) + "\n")
    return path


def run(base: str, token: str | None, ids: dict, workdir: Path, *, seed: int = 1) -> subprocess.CompletedProcess:
    st = Path(sys.executable).with_name("st")
    cmd = [str(st), "--no-color", "--config-file", str(config(workdir / "schemathesis.toml", ids)), "run",
           f"{base}/api/v1/openapi.json", "--url", base, "--checks", CHECKS, "--max-examples", str(examples()),
           "--seed", str(seed), "--workers", "2", "--request-timeout", "20", "--suppress-health-check", "all",
           "--phases", phases(), "--exclude-path-regex", "|".join(EXCLUDED),
           "--report", "junit", "--report-dir", str(workdir / "report")]
    if token:
        cmd += ["--header", f"Authorization: Bearer {token}"]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=workdir, timeout=600,
                          env={**os.environ, "SCHEMATHESIS_HOOKS": ""})
