"""Sources: read one edition's input files, validate them, and hand back tidy tables.

Nothing here writes a file: inputs are read-only. ``read_edition`` is imported on first use,
so that reading a params file (``sources.yamlfile``) does not import pandas: an up-to-date
rebuild costs little more than starting Python.
"""


def read_edition(data_dir):
    from cspreport.sources.edition import read_edition as _read

    return _read(data_dir)


__all__ = ["read_edition"]
