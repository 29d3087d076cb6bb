"""Built-in check kinds: the verbs rule packs name in ``check``. One module per kind."""
