"""Reporters turn results into text for a terminal, a script or CI; picked by name."""
