"""`handbook` subcommands by area; each module registers its commands on `generator.commands.common.cli`."""
