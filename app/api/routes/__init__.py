"""One module per aggregate; ``router`` gathers them under /api/v1."""
