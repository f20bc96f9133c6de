"""People: the roster page, its table model and export, and the person form."""
