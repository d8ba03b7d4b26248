"""Trained weights shipped with detente (``event_typer.npz``: see :mod:`detente.coder`)."""
