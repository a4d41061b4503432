"""The no-leak walk: random workflow actions through the admin, with a marker word in every text anyone
writes, and after each action every public surface searched for a marker the public must not see.

`library` sets up the people and the first items (through the admin's add pages), `surfaces` reads everything
the public, an API key, a webhook receiver or a visitor's inbox can see, `walk` plays the random actions and
keeps the score. `drill` runs a long walk on a scratch database (`python -m bench.leaks.drill`);
`tests/security/test_no_leak_walk.py` runs a short one in the suite.
"""
