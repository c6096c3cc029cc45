"""The table every shell plays at: the simulator's game, resuming, people's
moves through the checked door, the player-list grammar, and Stream.pick."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pytest

import lifespin
from lifespin.bots import Bot, RandomBot
from lifespin.engine import Action
from lifespin.errors import IllegalActionError, InvalidActionError
from lifespin.record import Record
from lifespin.rng import Stream
from lifespin.sim import play_game
from lifespin.sim.driver import bot_stream
from lifespin.table import (
    DEFAULT_LEVEL,
    SeatSpec,
    Table,
    bot_levels,
    choose,
    make_seat_bot,
    parse_seats,
    resolve_chance,
)

# ---------------------------------------------------------------- the simulator's game


@pytest.mark.parametrize(("edition", "seed", "levels"), [
    ("classic", 11, ["random", "normal", "easy"]),
    ("2005", 3, ["heuristic", "random"]),
    ("1960", 5, ["random", "random", "random", "random"]),
])
def test_an_all_bot_table_plays_the_simulators_game(edition: str, seed: int,
                                                    levels: list[str]) -> None:
    seats = [SeatSpec.bot_seat(f"P{i}", level) for i, level in enumerate(levels)]
    table = Table.new(edition, seats, seed=seed)
    steps = list(table.advance())
    assert table.is_terminal
    expected = play_game(edition, [s.name for s in seats], seed=seed, bots=levels)
    assert table.record() == expected
    assert [str(s.action) for s in steps] == list(expected.actions)
    # Each step says who moved, and chains the states.
    assert all(a.after is b.before for a, b in itertools.pairwise(steps))
    assert {s.seat for s in steps} >= {lifespin.CHANCE, 0, 1}
    assert table.notes == [] and table.drift == []


def test_step_by_step_is_the_same_game() -> None:
    seats = parse_seats("bot:random,bot:random,bot:normal")
    table = Table.new("classic", seats, seed=4)
    while not table.is_terminal:
        if table.state.is_chance_node:
            assert table.peek_chance() == table.peek_chance()  # peeking draws nothing
            peeked = table.peek_chance()
            assert table.step_chance() == peeked
        else:
            state = table.state
            assert table.apply_bot(state, table.bot_choice(state))
            assert not table.apply_bot(state, state.legal_actions()[0])  # moved on: refused
    expected = play_game("classic", [s.name for s in seats], seed=4,
                         bots=["random", "random", "normal"])
    assert table.record().actions == expected.actions


def first_choice_game(table: Table, limit: int | None = None) -> Table:
    """People always take their first choice; stop after `limit` of them."""
    made = 0
    while not table.is_terminal:
        for _ in table.advance():
            pass
        if table.is_terminal or (limit is not None and made == limit):
            break
        table.play(table.state.legal_actions()[0])
        made += 1
    return table


def test_resume_from_half_a_record_goes_on_identically() -> None:
    seats = "Ana,bot:random,Bo=bot:normal"
    whole = first_choice_game(Table.new("classic", seats, seed=21))
    full = whole.record()
    assert whole.is_terminal
    half = full.with_actions(full.actions[: len(full.actions) // 2])
    seen: list[int] = []
    resumed = Table.resume(Record.loads(half.dumps()),
                           on_state=lambda st: seen.append(st.move_number))
    assert seen == list(range(1, len(half.actions) + 1))
    assert [s.bot for s in resumed.seats] == [None, "random", "normal"]
    assert resumed.state.history == tuple(Action.parse(a) for a in half.actions)
    # The stream is where the whole game's stream was at that move.
    again = Table.new("classic", seats, seed=21)
    while again.state.move_number < len(half.actions):
        if again.state.is_chance_node:
            again.step_chance()
        elif again.human_to_move:
            again.play(again.state.legal_actions()[0])
        else:
            again.step_bot()
    assert resumed.chance.state == again.chance.state
    assert first_choice_game(resumed).record() == full
    assert resumed.drift == []


def test_resume_notes_chance_that_is_not_the_streams() -> None:
    record = play_game("classic", 2, seed=3)
    table = Table.resume(record.with_actions(record.actions[:40]), seats=[
        SeatSpec("x"), SeatSpec("y")])
    assert table.drift == [] and [s.name for s in table.seats] == list(record.players)
    other = Record(record.edition, record.edition_version, record.players, 4,
                   dict(record.options), record.actions[:40])
    assert Table.resume(other).drift  # another seed draws other outcomes
    with pytest.raises(ValueError, match="1 seats for 2 players"):
        Table.resume(record, seats=[SeatSpec("x")])


def test_a_record_without_a_seed_goes_on_with_one() -> None:
    record = play_game("classic", 2, seed=3)
    table = Table.resume(Record(record.edition, record.edition_version, record.players, None,
                                dict(record.options), record.actions[:10]))
    assert isinstance(table.seed, int)
    assert table.record().seed == table.seed


# ---------------------------------------------------------------- people


def test_an_illegal_move_changes_nothing() -> None:
    table = Table.new("classic", "Ana,Bo", seed=2)
    for _ in table.advance():
        pass
    assert table.human_to_move
    table.play(table.state.legal_actions()[0])
    for _ in table.advance():
        pass
    state, record, stream = table.state, table.record(), table.chance.state
    for bad in ("spun:99", "buy_house:nowhere", Action("retire", "estates")):
        with pytest.raises(IllegalActionError):
            table.play(bad)
        assert table.state is state
        assert table.record() == record
        assert table.chance.state == stream
    with pytest.raises(InvalidActionError):
        table.play("not an action!")
    assert table.state is state and table.chance.state == stream


def test_play_only_for_a_person() -> None:
    table = Table.new("classic", "bot:random,Ana", seed=2)
    assert table.state.is_chance_node
    with pytest.raises(ValueError, match="not a person's turn"):
        table.play("spin")
    with pytest.raises(ValueError, match="no bot decides"):
        table.bot_choice()
    for _ in table.advance():
        pass
    assert table.current_player == 1 and table.human_to_move
    with pytest.raises(ValueError, match="not a chance node"):
        table.step_chance()


# ---------------------------------------------------------------- bots that fail


class Broken:
    name = "broken"
    needs_view = False

    def act(self, view: Any, legal: Sequence[Action], rng: Stream,
            resample: Any = None, *, rules: Any = None) -> Action:
        raise RuntimeError("no idea")


class Cheat(RandomBot):
    name = "cheat"

    def act(self, view: Any, legal: Sequence[Action], rng: Stream,
            resample: Any = None, *, rules: Any = None) -> Action:
        return Action("retire", "estates")


@pytest.mark.parametrize(("bot", "why"), [(Broken(), "failed (RuntimeError('no idea'))"),
                                          (Cheat(), "which is not legal")])
def test_a_failing_bot_plays_at_random_from_its_own_stream(bot: Bot, why: str) -> None:
    table = Table(lifespin.new_game("classic", ["Ana", "Zed"]), 6,
                  [SeatSpec("Ana", "random"), SeatSpec("Zed", "random")], bots=[bot, bot])
    for _ in table.advance():
        if len(table.state.history) > 30:
            break
    assert table.notes and why in table.notes[0] and table.notes[0].startswith("Ana: ")
    start = lifespin.new_game("classic", ["Ana", "Zed"])
    state = resolve_chance(start, Stream(6))[-1][1]
    legal = state.legal_actions()
    action, note = choose(bot, state, 6)
    assert note is not None and why in note
    assert action == bot_stream(6, state.current_player, state.move_number).pick(legal)
    good, none = choose(make_seat_bot("random"), state, 6)
    assert none is None and good in legal


# ---------------------------------------------------------------- the grammar


def test_the_player_list_grammar() -> None:
    assert DEFAULT_LEVEL == "normal"
    seats = parse_seats("Ana, bot ,bot:hard,Bo=bot:easy,Cy (random),Dee=bot,BOT:Expert")
    assert seats == [
        SeatSpec("Ana"),
        SeatSpec("Ada (normal)", "normal"),
        SeatSpec("Eli (hard)", "hard"),  # bots nobody named get names nobody has
        SeatSpec("Bo (easy)", "easy"),
        SeatSpec("Cy (random)", "random"),
        SeatSpec("Dee (normal)", "normal"),
        SeatSpec("Fay (expert)", "expert"),
    ]
    assert parse_seats(["Ana", "bot"]) == parse_seats("Ana,bot")
    assert parse_seats(3) == [SeatSpec("Player 1"), SeatSpec("Ada (normal)", "normal"),
                              SeatSpec("Bo (normal)", "normal")]
    assert parse_seats("bot", default_level="random") == [SeatSpec("Ada (random)", "random")]
    assert [s.bot for s in parse_seats("Eve (my friend),Zed (wizard)")] == [None, None]
    assert parse_seats("Ada (hard)")[0].short == "Ada"
    # The names a record keeps parse back to the same seats.
    assert parse_seats([s.name for s in seats]) == seats
    assert bot_levels()[:3] == ["easy", "normal", "hard"]


@pytest.mark.parametrize(("players", "message"), [
    ("Ana,,bot", "player 2 has no name"),
    ("", "player 1 has no name"),
    ("Ana,Ana", "two players are named 'Ana'"),
    ("Ana=bot:hard,Ana (hard)", "two players are named 'Ana (hard)'"),
    ("Ana,bot:genius", "player 2 'bot:genius': unknown bot 'bot:genius'; known: bot, bot:easy"),
    ("Ana,Bo=bot:genius", "player 2 'Bo=bot:genius': unknown bot 'bot:genius'"),
    ("Ana=robot", "player 1 'Ana=robot': after '=' write a bot, e.g. 'Ana=bot:hard'"),
])
def test_player_list_errors_name_the_entry(players: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_seats(players)
    assert message in str(info.value)


def test_bad_counts_and_levels() -> None:
    with pytest.raises(ValueError, match="not 0"):
        parse_seats(0)
    with pytest.raises(TypeError):
        parse_seats(True)
    with pytest.raises(ValueError, match="unknown bot level 'wizard'; known: easy, normal"):
        make_seat_bot("wizard")
    with pytest.raises(ValueError, match="unknown bot level 'wizard'"):
        Table.new("classic", [SeatSpec("Ana"), SeatSpec("Zed (wizard)", "wizard")], seed=1)
    with pytest.raises(ValueError, match="3 seats for 2 players"):
        Table(lifespin.new_game("classic", 2), 1, parse_seats(3))


# ---------------------------------------------------------------- Stream.pick


def test_stream_pick() -> None:
    a, b = Stream(99), Stream(99)
    items = ["x", "y", "z", "w", "v"]
    assert [a.pick(items) for _ in range(50)] == [items[b.next_u64() % 5] for _ in range(50)]
    s = Stream(5)
    with pytest.raises(ValueError, match="empty"):
        s.pick([])
    assert s.state == 5  # nothing drawn
