"""One module per subcommand: ``add_parser(subparsers, name, summary)`` and ``run(args) -> int``.

bot/cli.py imports only the module of the command being run."""
