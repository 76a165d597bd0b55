"""Pictures in cells: find an image in a value, decode it (bounded, in a worker), draw it."""
