"""A tiny notes API on multi-region-api: read in every region, written in the home region."""
