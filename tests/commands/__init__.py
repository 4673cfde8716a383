"""CLI tests, one module per subcommand (a package so names may repeat those in tests/)."""
