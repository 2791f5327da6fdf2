"""The command-line jobs, one module per family; each module has `register(commands) -> {name: handler}`."""
