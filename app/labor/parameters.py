"""Dated legal parameters (OpenFisca style), loaded from the YAML files beside this module.

Each parameter is a list of ``{since, value, reference: {act, article, source}, confirmed}``.
``Parameter.at(day)`` returns the latest value whose ``since`` is on or before ``day`` and raises
``ParameterNotDefined`` before the first one. Files are validated strictly on load: an unknown key,
a missing reference, a float, or unsorted dates raise ``ParameterError``.
Adding next year's numbers is a data change: append an entry to the YAML file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PARAMETER_DIR = Path(__file__).with_name("parameters")
_ENTRY_KEYS = {"since", "value", "reference", "confirmed"}
_REFERENCE_KEYS = {"act", "article", "source"}
_PARAMETER_KEYS = {"description", "unit", "values"}

Value = int | bool | Fraction


class ParameterError(ValueError):
    """A parameter file breaks the schema."""


class ParameterNotDefined(LookupError):
    """The day asked is before the parameter's first value."""


@dataclass(frozen=True, slots=True)
class Reference:
    act: str
    article: str
    source: str


@dataclass(frozen=True, slots=True)
class Entry:
    since: date
    value: Value
    reference: Reference
    confirmed: date


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    unit: str
    entries: tuple[Entry, ...]

    def entry_at(self, day: date) -> Entry:
        index = bisect.bisect_right([e.since for e in self.entries], day) - 1
        if index < 0:
            raise ParameterNotDefined(f"{self.name} is not defined before {self.entries[0].since}")
        return self.entries[index]

    def at(self, day: date) -> Value:
        return self.entry_at(day).value


def _convert_value(name: str, raw: Any) -> Value:
    if isinstance(raw, bool | int):
        return raw
    if isinstance(raw, str):
        try:
            parts = [Fraction(Decimal(p.strip())) for p in raw.split("/")]
        except InvalidOperation as exc:
            raise ParameterError(f"{name}: value {raw!r} is not a decimal") from exc
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2 and parts[1] != 0:
            return parts[0] / parts[1]
    raise ParameterError(f"{name}: value {raw!r} must be an int, a bool or a quoted decimal (no floats)")


def _parse_entry(name: str, raw: Any) -> Entry:
    if not isinstance(raw, dict) or set(raw) != _ENTRY_KEYS:
        raise ParameterError(f"{name}: each entry needs exactly {sorted(_ENTRY_KEYS)}, got {raw!r}")
    ref = raw["reference"]
    if not isinstance(ref, dict) or set(ref) != _REFERENCE_KEYS:
        raise ParameterError(f"{name}: reference needs exactly {sorted(_REFERENCE_KEYS)}")
    if not all(isinstance(ref[k], str) and ref[k].strip() for k in _REFERENCE_KEYS):
        raise ParameterError(f"{name}: reference fields must be non-empty strings")
    for key in ("since", "confirmed"):
        if not isinstance(raw[key], date):
            raise ParameterError(f"{name}: {key} must be a YYYY-MM-DD date")
    return Entry(raw["since"], _convert_value(name, raw["value"]), Reference(**ref), raw["confirmed"])


def parse_parameters(document: Any, origin: str = "<document>") -> dict[str, Parameter]:
    """Validate one YAML document (a mapping of parameter name → definition)."""
    if not isinstance(document, dict) or not document:
        raise ParameterError(f"{origin}: expected a non-empty mapping of parameters")
    result: dict[str, Parameter] = {}
    for name, spec in document.items():
        if not isinstance(spec, dict) or set(spec) != _PARAMETER_KEYS:
            raise ParameterError(f"{origin}:{name}: needs exactly {sorted(_PARAMETER_KEYS)}")
        if not isinstance(spec["values"], list) or not spec["values"]:
            raise ParameterError(f"{origin}:{name}: values must be a non-empty list")
        entries = tuple(_parse_entry(name, raw) for raw in spec["values"])
        dates = [e.since for e in entries]
        if dates != sorted(set(dates)):
            raise ParameterError(f"{origin}:{name}: 'since' dates must be strictly increasing")
        result[name] = Parameter(name, str(spec["description"]), str(spec["unit"]), entries)
    return result


def load_directory(directory: Path = PARAMETER_DIR) -> dict[str, Parameter]:
    parameters: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.yaml")):
        loaded = parse_parameters(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
        duplicated = parameters.keys() & loaded.keys()
        if duplicated:
            raise ParameterError(f"{path.name}: duplicated parameters {sorted(duplicated)}")
        parameters.update(loaded)
    return parameters


@cache
def all_parameters() -> dict[str, Parameter]:
    """The packaged parameter set (loaded once; the files are part of the code)."""
    return load_directory()


def parameter(name: str) -> Parameter:
    return all_parameters()[name]


@cache
def value(name: str, day: date) -> Value:
    """The value of ``name`` in force on ``day``."""
    return parameter(name).at(day)


def reference(name: str, day: date) -> Reference:
    return parameter(name).entry_at(day).reference
