"""The PowerPoint renderer: report model → 16:9 deck with native, editable charts.

One module per concept: ``deck`` (``render_deck``: the slides of a report), ``geometry``
(where things go, pure), ``charts``, ``table_shapes``, ``text``, ``template`` (the office's
template and its roles), ``find`` (a slide by its section), and ``oxml``, the only module that
touches python-pptx's private API. Importing one of them loads only what it needs.
"""
