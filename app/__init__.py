"""Capacity to Change Tracker (CCT)."""

__version__ = "0.1.0"
