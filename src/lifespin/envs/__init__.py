"""Research doors: lifespin through PettingZoo, Gymnasium and OpenSpiel.

Every door shares one fixed action numbering per edition and table size
(`spaces.ActionSpace`) and one observation encoding (`encode.Observer`), so an
agent trained through one door reads the same numbers through another.
The doors need the `envs` extra (``pip install 'lifespin[envs]'``).
"""
