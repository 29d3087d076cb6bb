"""``python -m checker`` does what the ``gongkai`` command does."""
from checker.cli.app import main

raise SystemExit(main())
