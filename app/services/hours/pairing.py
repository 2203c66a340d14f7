"""Pairing clock events into shifts (출퇴근 짝짓기), whatever order they were uploaded in.

A contract's events, sorted by phone time, must read ``(IN (BS BE)* OUT)*`` with at most a last
open shift. New events are merged into the stored ones; each new event that would break the
sequence is refused with its reason, never dropped silently. A shift longer than 24 hours cannot
be closed: it stays open and flagged, and a new clock-in after 24 hours is accepted beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

MAX_SHIFT = timedelta(hours=24)
# At the same instant a break ends before the shift does, and a shift ends before the next begins.
_TIE = {"break_end": 0, "clock_out": 1, "clock_in": 2, "break_start": 3}


@dataclass(frozen=True)
class Ev:
    key: object  # a stored event's id, or a batch index
    type: str
    at: datetime
    new: bool = False


@dataclass
class Group:
    """One shift's events: its clock-in, breaks in order, and its clock-out when there is one."""

    clock_in: Ev
    events: list[Ev] = field(default_factory=list)

    @property
    def end(self) -> datetime | None:
        last = self.events[-1]
        return last.at if last.type == "clock_out" else None

    def breaks(self) -> list[tuple[datetime, datetime]]:
        starts = [e.at for e in self.events if e.type == "break_start"]
        ends = [e.at for e in self.events if e.type == "break_end"]
        return list(zip(starts, ends, strict=False))


class Refused(ValueError):
    """Why an event cannot take its place in the sequence."""


def order(ev: Ev):
    return (ev.at, _TIE[ev.type])


def step(state: str, since: datetime | None, ev: Ev) -> tuple[str, datetime | None]:
    """The (state, clock-in time) after ``ev``; states are out, in and break."""
    stale = since is not None and ev.at - since > MAX_SHIFT
    if ev.type == "clock_in":
        if state != "out" and not stale:
            raise Refused("Already clocked in: clock out first (출근 기록이 두 번 연속입니다).")
        return "in", ev.at
    if state == "out" or stale:
        if stale:
            raise Refused("More than 24 hours after the clock-in: the shift stays open and flagged.")
        raise Refused({"clock_out": "Clock-out without a clock-in (출근 기록이 없습니다).",
                       "break_start": "A break can only start during a shift.",
                       "break_end": "There is no break to end."}[ev.type])
    if ev.type == "clock_out":
        if state == "break":
            raise Refused("End the break before clocking out.")
        return "out", None
    if ev.type == "break_start":
        if state == "break":
            raise Refused("A break has already started.")
        return "break", since
    if state != "break":
        raise Refused("There is no break to end.")
    return "in", since


def merge(stored: list[Ev], incoming: list[Ev]) -> tuple[list[Ev], dict[object, str]]:
    """Accepted events (stored and new, in order) and the refusal reason of each refused new one.

    New events between two stored ones must leave the following stored event valid; if they do
    not, all new events of that stretch are refused (they do not fit what is already recorded)."""
    state, since = "out", None
    accepted: list[Ev] = []
    refused: dict[object, str] = {}
    stretch: list[Ev] = []
    before = (state, since)
    for ev in sorted(stored + incoming, key=order):
        try:
            nxt = step(state, since, ev)
        except Refused as exc:
            if ev.new:
                refused[ev.key] = str(exc)
                continue
            nxt = _after_rollback(ev, before, stretch, accepted, refused)
        state, since = nxt
        accepted.append(ev)
        if ev.new:
            stretch.append(ev)
        else:
            stretch, before = [], (state, since)
    return accepted, refused


def _after_rollback(ev, before, stretch, accepted, refused):
    for new in stretch:
        refused[new.key] = "Does not fit between the events already recorded."
        accepted.remove(new)
    stretch.clear()
    try:
        return step(*before, ev)
    except Refused:  # the stored history itself is inconsistent: keep it as it is
        return ("in", ev.at) if ev.type == "clock_in" else (before[0], before[1])


def groups(events: list[Ev]) -> list[Group]:
    """Accepted events, in order, cut into shifts at each clock-in."""
    out: list[Group] = []
    for ev in sorted(events, key=order):
        if ev.type == "clock_in":
            out.append(Group(ev, [ev]))
        elif out and out[-1].end is None:
            out[-1].events.append(ev)
    return out
