"""``python -m checker`` does what the ``gongkai`` command does."""
from checker.cli import main

raise SystemExit(main())
