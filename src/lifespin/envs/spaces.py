"""The fixed action numbering of an edition at a table size (STUB: being written).

API contract shared by every door (do not change names without updating all):

class ActionSpace:
    rules: Ruleset; players: int
    n: int                       # decision actions, numbered 0..n-1
    n_chance: int                # chance outcomes, numbered 0..n_chance-1
    codes: np.ndarray            # (n, 3) int64: the fast engine's (kind, a, b) per index
    chance_codes: np.ndarray     # (n_chance, 3) int64
    lookup: np.ndarray           # int64 table for compiled code (see index_of)
    def index(self, action: Action, state: State | None = None) -> int
    def action(self, index: int, state: State | None = None) -> Action
    def chance_index(self, action: Action) -> int
    def chance_action(self, index: int) -> Action
    def labels(self) -> tuple[str, ...]        # one short label per decision index
    def mask(self, state: State) -> np.ndarray  # int8 (n,), 1 where legal now
    def describe(self) -> str                  # markdown table: index, notation, meaning

def action_space(edition: str | Edition | Ruleset, players: int) -> ActionSpace  # cached

Compiled (numba, usable from other kernels):
    index_of(lookup, kind, a, b) -> int        # -1 when not in the space
    fill_mask(R, S, lookup, la, out) -> int    # legal actions of S into out (int8 0/1), count
"""
