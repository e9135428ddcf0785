"""Turn parsed report pages into canonical data: schema, normalizer, checks, storage.

In a notebook::

    import pipeline
    cells = pipeline.load("cells")            # data/parquet/cells as a DataFrame
    data = pipeline.load_all("data/parquet")  # all four datasets
"""
from pipeline.store import load, load_all

__all__ = ["load", "load_all"]
