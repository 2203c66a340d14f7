"""`make run`: migrate, then serve the API with gunicorn and run the scheduler beside it.

The two are separate processes (the scheduler may also run alone as `python -m jobs`); this
launcher starts both, forwards SIGINT/SIGTERM, and exits when either stops.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def migrate() -> None:
    from flask_migrate import upgrade

    from app import create_app

    app = create_app()
    with app.app_context():
        upgrade()


def main() -> int:
    migrate()
    port = os.environ.get("PORT", "8000")
    host = os.environ.get("HOST", "127.0.0.1")
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-b", f"{host}:{port}", "-w", workers, "--access-logfile", "-",
             "wsgi:app"]
        ),
        subprocess.Popen([sys.executable, "-m", "jobs"]),
    ]

    def stop(_signum, _frame):
        for p in procs:
            if p.poll() is None:
                p.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"nomusa: API on http://{host}:{port} (docs at /api/v1/docs), scheduler running", flush=True)
    while all(p.poll() is None for p in procs):
        try:
            procs[0].wait(timeout=1)
        except subprocess.TimeoutExpired:
            continue
    stop(None, None)
    for p in procs:
        p.wait(timeout=30)
    return procs[0].returncode or 0


if __name__ == "__main__":
    sys.exit(main())
