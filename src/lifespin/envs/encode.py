"""The observation encoding shared by every door (STUB: being written).

API contract shared by every door (do not change names without updating all):

@dataclass(frozen=True)
class Slot: name: str; meaning: str; scale: float

class Observer:
    rules: Ruleset; players: int
    size: int
    slots: tuple[Slot, ...]                    # len == size, what each float means
    def observe(self, state: State, seat: int) -> np.ndarray   # float32 (size,)
    def observe_fast(self, fs: FastState, seat: int) -> np.ndarray
    def describe(self) -> str                  # markdown table of the slots

def observer(edition: str | Edition | Ruleset, players: int) -> Observer  # cached

Compiled (numba, usable from other kernels):
    encode(R, S, seat, out) -> None            # writes Observer.size float32 into out;
                                               # reads only what `seat` may see
"""
