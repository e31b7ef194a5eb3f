"""Accounts keep Django's user model; roles are the groups named in roles.py."""
