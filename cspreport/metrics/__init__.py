"""Metrics: the definitions of every figure the report shows, computed from tidy tables.

Each definition is written once here and unit-tested against small hand-made tables.
"""
