"""Tools for the people who run Evidence Desk, not for writers: backup, restore and the demo library."""
