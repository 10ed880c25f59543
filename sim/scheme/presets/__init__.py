"""Scenario presets shipped with the package (TOML files, one per scheme)."""
