"""Reference computations behind every number the lessons state."""
