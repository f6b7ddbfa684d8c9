"""The version of cspreport, in one place (the package, its cache entries and its outputs say
it)."""

__version__ = "0.1.0"
