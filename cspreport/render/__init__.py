"""Renderers: lay out report-model sections as HTML (for the notebooks and the report) and as
a PowerPoint deck. They compute nothing: every number and word comes from the sections
(``cspreport.report``'s types, built by ``cspreport.sections``).
"""
