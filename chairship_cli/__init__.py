"""chairship: an offline reference on rotating chairmanships of international organisations."""

__version__ = "0.1.0"
