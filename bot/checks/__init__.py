"""The checks: one module per check; bot/checks/registry.py lists them."""
