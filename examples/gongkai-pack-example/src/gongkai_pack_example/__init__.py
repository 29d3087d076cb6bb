"""Example gongkai plugin: the ``shandong`` rule pack and the ``contact_block`` check kind."""
__version__ = "0.1.0"
