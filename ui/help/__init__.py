"""帮助: the bundled user guide (使用说明) and 关于 (version, where the data is, licences)."""
