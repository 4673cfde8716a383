"""One module per subcommand: ``add_parser(subparsers, name)`` and ``run(args) -> int``."""
