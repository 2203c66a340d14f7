"""`python -m jobs` runs the scheduler; `python -m jobs run JOB --date YYYY-MM-DD` runs one job once."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs")
    sub = parser.add_subparsers(dest="cmd")
    run = sub.add_parser("run", help="run one job once for a date (Asia/Seoul)")
    run.add_argument("job")
    run.add_argument("--date", type=date.fromisoformat)
    sub.add_parser("list", help="list the declared jobs")
    args = parser.parse_args(argv)

    from jobs import registry, scheduler

    if args.cmd == "list":
        for spec in registry.jobs():
            print(f"{spec.id:24} {spec.trigger} {spec.trigger_args}  {spec.description}")
        return 0
    if args.cmd == "run":
        try:
            registry.get(args.job)
        except KeyError:
            print(f"unknown job {args.job!r}; see `python -m jobs list`", file=sys.stderr)
            return 2
        print(json.dumps(scheduler.run_job(args.job, args.date), ensure_ascii=False))
        return 0
    scheduler.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
