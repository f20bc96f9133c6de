"""Units: the tree of organisation units (组织单位)."""
