"""Every model module, imported so that the metadata knows all tables."""

from app.models import (  # noqa: F401
    accounts,
    alerts,
    audit,
    claims,
    contracts,
    devices,
    hours,
    insurance,
    jobs,
    notifications,
    pay,
    reports,
    webhooks,
    workplaces,
)
from app.models.base import Base

__all__ = ["Base"]
