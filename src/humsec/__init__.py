"""humsec: the secretariat's system for a United Nations Group of Friends."""

__version__ = "0.1.0"
