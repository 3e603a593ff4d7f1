"""One module per ``tuyengiao`` subcommand (or family of subcommands).

Each module has ``register(subparsers)``; ``crawler/cli.py`` lists the modules.
"""
