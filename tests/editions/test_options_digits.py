"""A house rule's whole number given as text (command line, query string):
ASCII digits only, and no more than a rule can need."""

from __future__ import annotations

import pytest

from lifespin.editions import load_edition
from lifespin.errors import EditionError


@pytest.mark.parametrize("value", ["²", "١٢", "9" * 5000, "1" * 19])
def test_odd_or_huge_digits_are_an_edition_error(value: str) -> None:
    ed = load_edition("classic")
    assert ed.file.options["start_cash"].type == "int"
    with pytest.raises(EditionError, match="whole number"):
        ed.resolve_options({"start_cash": value})


def test_plain_digits_are_read() -> None:
    assert load_edition("classic").resolve_options({"start_cash": "12000"})["start_cash"] == 12000
