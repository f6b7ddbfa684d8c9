"""Sources: read one edition's input files, validate them, and hand back tidy tables.

Nothing here writes a file: inputs are read-only.
"""

from cspreport.sources.edition import read_edition

__all__ = ["read_edition"]
