"""pingou-sim: an agent-based model of "social e-commerce" group-buy lottery schemes."""
from .model import SchemeModel

__all__ = ["SchemeModel"]
