"""``python -m checker`` does what the ``gongkai`` command does."""
from checker.cli.process import run

run()
