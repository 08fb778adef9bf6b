"""`python -m archive` runs the CLI (used by tests and the eval scorers)."""

from archive.cli import main

main()
