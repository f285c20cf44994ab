"""Output stage: render planned pages through Jinja and write them atomically."""
