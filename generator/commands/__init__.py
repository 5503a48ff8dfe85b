"""`handbook` subcommands by area; each module registers its commands on `generator.cli.cli`."""
