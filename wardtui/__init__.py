"""wardtui: the 자치행정과 desk in a terminal."""

__version__ = "0.1.0"
