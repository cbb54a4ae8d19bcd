"""Accounts: users, sign-in, roles and access checks."""
