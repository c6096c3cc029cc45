"""The edition format's documentation lists what the engine registers."""

from __future__ import annotations

import re
from pathlib import Path

from lifespin.engine.registry import EFFECTS

DOC = Path(__file__).resolve().parents[1] / "docs" / "editions.md"
# Values quoted in the parameters column (`waived_by` (`auto`, `home`, ...)),
# not parameters themselves.
_VALUES = {"auto", "home", "life", "fire", "stock", "house"}


def _effect_rows() -> dict[str, set[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("| effect | parameters | what happens |"):text.index("## Decks")]
    rows: dict[str, set[str]] = {}
    for line in table.splitlines()[2:]:
        m = re.fullmatch(r"\| `([a-z_]+)` \| (.*?) \| .* \|", line)
        if m:
            rows[m.group(1)] = set(re.findall(r"`([a-z_]+)`", m.group(2))) - _VALUES
    return rows


def test_the_effect_table_lists_every_registered_effect_and_its_parameters() -> None:
    rows = _effect_rows()
    assert set(rows) == set(EFFECTS)
    for name, rule in EFFECTS.items():
        assert rows[name] == set(rule.params), name
