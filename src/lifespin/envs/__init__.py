"""Research doors: lifespin through PettingZoo, Gymnasium and OpenSpiel.

Every door shares one fixed action numbering per edition and table size
(`spaces.ActionSpace`) and one observation encoding (`encode.Observer`), so an
agent trained through one door reads the same numbers through another; they
run games through `game.Game` (chance drawn as `lifespin.sim` draws it).
The doors: `pettingzoo.env` / `raw_env` (every seat an agent) and
`gymnasium.LifespinEnv` (one seat against bots, registered as
``"lifespin/Life-v0"`` when `lifespin.envs.gymnasium` is imported). They need
the `envs` extra (``pip install 'lifespin[envs]'``); importing this package
imports none of them. docs/envs.md documents every slot and action.
"""
