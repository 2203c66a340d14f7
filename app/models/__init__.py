"""Every model module, imported so that the metadata knows all tables."""

from app.models import accounts, contracts, devices, jobs, workplaces  # noqa: F401
from app.models import alerts, claims, insurance, notifications, pay  # noqa: F401
from app.models import hours  # noqa: F401
from app.models import audit, reports, webhooks  # noqa: F401
from app.models.base import Base

__all__ = ["Base"]
