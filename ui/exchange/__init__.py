"""Exchange: the roster import wizard, one module per step."""
