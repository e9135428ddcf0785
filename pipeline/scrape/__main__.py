"""`python -m pipeline.scrape`: the same as `govreport scrape` (pipeline.cli)."""
import sys

from pipeline.cli import main

sys.exit(main(["scrape", *sys.argv[1:]]))
