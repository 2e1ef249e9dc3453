"""The condition language of rule files: its syntax, its checked tree, the
observation's schema per pack, and message templates."""
