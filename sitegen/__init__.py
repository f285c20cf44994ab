"""sitegen: a static site generator for the Swedish social-services supplement."""

__version__ = "0.1.0"
