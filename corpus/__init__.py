"""Synthetic test corpus: annual reports rendered the way agencies make them.

A report is drawn as random values (values.py) and random layout choices
(layout.py), printed into a Word document (docx_report.py, tables.py) and
converted to PDF by LibreOffice (render.py); generate.py is the CLI and writes
the ground truth beside the PDFs.
"""
