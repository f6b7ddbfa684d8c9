"""Sources: read one edition's input files, validate them, and hand back tidy tables.

Nothing here writes a file: inputs are read-only. ``edition_files.read_edition_files`` reads a
whole edition folder; one module per kind of file (``tabular``: sheets and CSV, ``exports``:
the systems' exports and their presets, ``content``: the texts, ``manual_coding``: a person's
coding of the comments); ``tidy`` holds the types of the tidy tables they hand on.
"""
