"""wardtui's benchmark: ``python -m bench`` measures the app against the floors it stands on."""
