"""1960, hand-checked corrections: the stock market acts on a passing car at all
three of its spaces; auto insurance is offered before the first spin only; the
final count subtracts unpaid notes and the Poor Farm keeps no stake.

Amounts come from src/lifespin/editions/data/1960/edition.toml (inflated
printing): play the market 1-3 lose 60,000, 4-6 nothing, 7-10 win 120,000
(M66, M91, V1); the valley's famous painting pays 480,000 (V2); auto insurance
1,000; notes lend 20,000 and cost 25,000 to repay.
"""

from __future__ import annotations

from tests.engine.scenario import at, conserved, events, play, spin, transfers
from tests.engine.scenario_more import drive, new

from lifespin.engine import events as ev

BANK = ev.BANK


def labels(actions) -> list[str]:
    return [str(a) for a in actions]


def solo(options=None):
    return new("1960", ["Solo"], options=options).play("start:M0")


def _fire_and_stock(s) -> str:
    first = str(s.legal_actions()[0])
    return "skip" if first == "buy_policy:life" else first


def _stockholder():
    """Solo, business lane, fire insurance and the stock certificate bought at
    M40 (the Lucky Days kept); the car stands on M40."""
    s = solo()
    s = drive(s, ["M5", "M11", "M17", "M21", "M26", "M31", "M35", "M36", "M40"],
              {"branch": ["branch:M3"], "offer": _fire_and_stock, "gamble": ["keep"]})
    assert at(s, 0) == "M40" and "stock" in s.players[0].policies
    return s


# ---------------------------------------------------------------- the market on passing


def test_stock_holder_plays_the_market_when_passing_m66():
    s = _stockholder()
    s = drive(s, ["M44", "M48", "M52", "M54", "M61", "M65"], {"gamble": ["keep"] * 2})
    c, loans = s.players[0].cash, s.players[0].loans
    # Spin 3 from M65: M66 passed (the market), M67 passed (revenge acts only on
    # landing), M68 landed (reckless driving: no auto policy held, nothing).
    s = spin(s, 3)
    assert s.phase == "gamble" and at(s, 0) == "M66"
    assert labels(s.legal_actions()) == ["gamble", "skip"]
    won = play(s, "gamble", "spun:8")  # 7-10: +120,000, then the car drives on
    assert at(won, 0) == "M68" and transfers(won) == [(BANK, 0, 120_000, "gamble")]
    assert won.players[0].cash == c + 120_000
    lost = play(s, "gamble", "spun:3")  # 1-3: -60,000
    assert transfers(lost) == [(0, BANK, 60_000, "gamble")]
    assert (lost.players[0].cash, lost.players[0].loans) == (c - 60_000, loans)
    level = play(s, "gamble", "spun:5")  # 4-6: nothing
    assert transfers(level) == [] and level.players[0].cash == c
    passed = s.play("skip")  # declining costs nothing and the move goes on
    assert at(passed, 0) == "M68" and passed.players[0].cash == c
    assert conserved(won) and conserved(lost)


def test_stock_holder_plays_the_market_when_passing_the_valley_road():
    s = _stockholder()
    c = s.players[0].cash
    # Spin 3 from M40: M41 passed (a son: acts only on landing), the fork, V1
    # passed (the market), V2 landed (a famous painting: +480,000).
    s = spin(s, 3)
    assert s.phase == "branch"
    s = s.play("branch:V1")
    assert s.phase == "gamble" and at(s, 0) == "V1"
    s = play(s, "gamble", "spun:10")
    assert at(s, 0) == "V2"
    assert transfers(s) == [(BANK, 0, 120_000, "gamble"), (BANK, 0, 480_000, "collect")]
    assert s.players[0].cash == c + 120_000 + 480_000 and s.players[0].children == 0


def test_market_passed_without_stock_asks_nothing():
    s = solo()
    s = drive(s, ["M5", "M11", "M17", "M21", "M26", "M31", "M35", "M36", "M40"],
              {"branch": ["branch:M3"], "gamble": ["keep"]})  # stock offer skipped
    assert not s.players[0].policies
    c = s.players[0].cash
    s = spin(s, 3)  # M41, V1 passed (no stock: no question), V2 +480,000
    s = s.play("branch:V1")
    assert at(s, 0) == "V2" and transfers(s) == [(BANK, 0, 480_000, "collect")]
    assert s.players[0].cash == c + 480_000


def test_all_three_market_spaces_act_on_passing():
    sp = {x.id: x for x in new("1960", ["A", "B"]).rules.spaces}
    for sid in ("M66", "M91", "V1"):
        assert sp[sid].effect == "gamble" and sp[sid].requires == "stock"
        assert sp[sid].on_pass and sp[sid].acts_on_pass, sid
        assert sp[sid].outcomes == ((1, 3, -60_000), (7, 10, 120_000))


# ---------------------------------------------------------------- auto insurance


def _first_turns(options=None):
    """Ana skips the auto policy and moves (spin 3: M1 passed, the fork at M2,
    the business lane, M3: pay 1,000); Bo buys it before his first spin and
    spins 4 (M4: start out in business, no money). Ana is then at her second
    turn's menu."""
    s = new("1960", ["Ana", "Bo"], options=options).play("start:M0")
    assert labels(s.legal_actions()) == ["spin", "buy_insurance:auto", "borrow"]
    s = play(s, "spin", "spun:3", "branch:M3")
    assert at(s, 0) == "M3" and s.players[0].cash == 10_000 - 1_000
    s = s.play("start:M0")
    assert labels(s.legal_actions()) == ["spin", "buy_insurance:auto", "borrow"]
    bought = s.play("buy_insurance:auto")
    price = s.rules.auto_insurance_price
    assert transfers(bought) == [(1, BANK, price, "auto_insurance")]
    assert bought.players[1].cash == 10_000 - price and bought.players[1].auto
    s = play(bought, "spin", "spun:4", "branch:M3")
    assert at(s, 1) == "M4" and s.players[1].cash == 10_000 - price
    assert s.turn == 0 and s.phase == "turn"
    return s


def test_auto_insurance_is_offered_before_the_first_spin_only():
    s = _first_turns()
    assert s.rules.auto_insurance_offer == "first_spin"
    # Ana's second turn: 9,000 in cash would pay the 1,000, but the offer is gone.
    assert s.players[0].cash == 9_000 and not s.players[0].auto
    assert labels(s.legal_actions()) == ["spin", "borrow"]


def test_auto_insurance_every_turn_house_rule():
    s = _first_turns({"auto_insurance_offer": "every_turn"})
    assert labels(s.legal_actions()) == ["spin", "buy_insurance:auto", "borrow"]
    s = s.play("buy_insurance:auto")
    assert transfers(s) == [(0, BANK, 1_000, "auto_insurance")]
    assert s.players[0].cash == 8_000 and s.players[0].auto


def test_auto_insurance_at_the_1960_price_before_the_first_spin():
    s = _first_turns({"money_scale": "1960"})  # the 1960 box: 500
    assert s.rules.auto_insurance_price == 500 and s.players[1].cash == 10_000 - 500
    assert labels(s.legal_actions()) == ["spin", "borrow"]


def _to_reckless_driving(options=None):
    s = solo(options).play("buy_insurance:auto")  # 10,000 - 1,000
    plan = ["M5", "M11", "M17", "M21", "M26", "M31", "M35", "M36", "M40", "M44", "M48",
            "M52", "M54", "M61", "M65", "M68"]
    s = drive(s, plan, {"branch": ["branch:M3"], "gamble": ["keep"] * 2})
    assert at(s, 0) == "M68" and not s.players[0].auto
    assert s.phase == "turn" and s.players[0].cash >= 1_000
    return s


def test_auto_policy_lost_to_reckless_driving_is_not_sold_again():
    s = _to_reckless_driving()
    assert "buy_insurance:auto" not in labels(s.legal_actions())
    # With the every-turn house rule it is on sale again.
    s = _to_reckless_driving({"auto_insurance_offer": "every_turn"})
    assert "buy_insurance:auto" in labels(s.legal_actions())


def test_classic_still_sells_auto_insurance_on_later_turns():
    """Classic (and 2005, which has none) keep the every-turn offer: in a
    classic game played with the first legal choice, a seat at its second
    turn or later, uninsured with the 5,000 in cash, is offered the policy."""
    from lifespin import CHANCE, new_game

    s = new_game("classic", 2)
    assert s.rules.auto_insurance_offer == "every_turn"
    assert new_game("2005", 2).rules.auto_insurance_offer == "every_turn"
    seen = 0
    for _ in range(2_000):
        if s.is_terminal:
            break
        cp = s.current_player
        if cp == CHANCE:
            s = s.apply(s.chance_outcomes()[-1])
            continue
        p = s.players[cp]
        legal = labels(s.legal_actions())
        if s.phase == "turn" and p.space >= 0 and p.turns >= 1 and not p.auto and (
                p.cash >= s.rules.auto_insurance_price):
            assert "buy_insurance:auto" in legal
            seen += 1
        s = s.play(legal[0] if legal[0] != "buy_insurance:auto" else "spin")
    assert seen >= 5


# ---------------------------------------------------------------- the final count

# A solo drive along the business lane that lands on costly spaces: at M125 the
# car holds 62,000 and owes 4 notes, with no children.
DEBT = ["M3", "M6", "M16", "M17", "M21", "M23", "M28", "M36", "M40", "M48", "M57", "M65",
        "M69", "M74", "M79", "M84", "M93", "M103", "M112", "M116", "M125"]


def _debtor_at_reckoning():
    s = drive(solo(), DEBT)
    p = s.players[0]
    assert at(s, 0) == "M125" and (p.cash, p.loans, p.children) == (62_000, 4, 0)
    # Spin 5: M126 passed (a tour: landing only), M127 Pay Day passed (+12,000),
    # M128, M129 passed, M130 the Day of Reckoning: 74,000 in cash repays
    # 74,000 // 25,000 = 2 notes (50,000), leaving 24,000 and 2 notes owed.
    s = play(s, "spin", "spun:5")
    p = s.players[0]
    assert at(s, 0) == "M130" and s.phase == "tycoon"
    assert events(s, ev.Repaid) == [ev.Repaid(0, 2, 50_000)]
    assert (p.cash, p.loans) == (24_000, 2)
    return s


def test_poor_farm_loses_the_stake_and_still_owes_its_notes():
    s = _debtor_at_reckoning().play("tycoon:5").play("spun:6")
    assert s.is_terminal
    # The 24,000 on the number goes to the bank; the 2 notes left are settled
    # at the final count, 2 x 25,000: the player ends 50,000 in debt.
    assert transfers(s) == [(0, BANK, 24_000, "tycoon_stake")]
    assert events(s, ev.Repaid) == [ev.Repaid(0, 2, 50_000)]
    assert events(s, ev.GameOver) == [ev.GameOver(())]
    p = s.players[0]
    assert (p.cash, p.loans) == (-50_000, 0) and conserved(s)
    (row,) = s.results()
    assert row["retired"] == "poor_farm" and not row["winner"]
    assert row["worth"] == -50_000 == s.worth(0)
    # Play left 74,000 in cash less the 24,000 stake; 4 notes settled in all
    # (2 at the Day of Reckoning, 2 at the end), 100,000.
    assert row["breakdown"] == {"cash": 50_000, "house_sale": 0, "loans": -100_000,
                                "life_tiles": 0, "estates_bonus": 0}


def test_tycoon_short_of_cash_settles_the_notes_left_at_the_end():
    s = _debtor_at_reckoning().play("tycoon:5").play("spun:5")
    assert s.is_terminal and transfers(s) == []
    assert events(s, ev.Repaid) == [ev.Repaid(0, 2, 50_000)]
    (row,) = s.results()
    assert row["tycoon"] and row["winner"] and row["rank"] == 1
    assert row["worth"] == 24_000 - 50_000 == s.worth(0)
    assert row["breakdown"]["cash"] == 74_000 and row["breakdown"]["loans"] == -100_000


def test_acres_breakdown_counts_the_notes_repaid_at_the_day_of_reckoning():
    # The 1960 end-game route (tests/engine/test_rules_1960_end.py): at M122 a
    # solo car holds 50,000, owes 1 note and has a son.
    route = ["M5", "M15", "M17", "M25", "M32", "M35", "M45", "M55", "M65", "M75", "M85",
             "M94", "M104", "M112", "M122"]
    s = drive(solo(), route)
    assert (s.players[0].cash, s.players[0].loans, s.players[0].children) == (50_000, 1, 1)
    # Spin 8 to M130: Pay Day M127 passed (+12,000), 48,000 for the child,
    # the note repaid (25,000): 85,000. Then Millionaire Acres (spin 4: M131 to
    # M133 passed, nothing for a car with no stock or life policy): the first
    # car's 240,000. Worth 325,000: 350,000 from play, 25,000 of notes.
    s = play(s, "spin", "spun:8")
    assert s.players[0].cash == 85_000
    s = play(s, "acres", "spun:4", "lucky:7")
    assert s.is_terminal
    (row,) = s.results()
    assert row["worth"] == 325_000
    assert row["breakdown"] == {"cash": 350_000, "house_sale": 0, "loans": -25_000,
                                "life_tiles": 0, "estates_bonus": 0}


# Three cars: Ana on the costly drive, Bo and Cy behind her on landings that
# never meet a car; Bo owes 9 notes, Cy 2.
ANA = DEBT[1:]
BO = ["M10", "M17", "M23", "M28", "M33", "M35", "M45", "M55", "M56", "M64", "M74", "M78",
      "M86", "M89", "M92", "M96", "M101", "M103", "M104", "M108"]
CY = ["M7", "M17", "M20", "M22", "M26", "M33", "M35", "M44", "M49", "M54", "M64", "M68",
      "M78", "M88", "M89", "M92", "M96", "M105", "M114", "M117"]


def _three_at_reckoning():
    s = drive(new("1960", ["Ana", "Bo", "Cy"]), {0: ANA, 1: BO, 2: CY})
    got = [(at(s, i), p.cash, p.loans) for i, p in enumerate(s.players)]
    assert got == [("M125", 287_000, 4), ("M108", 67_000, 9), ("M117", 7_000, 2)]
    # Ana: M127's Pay Day (+12,000), no children, all 4 notes repaid
    # (100,000): 199,000 at the Day of Reckoning.
    s = play(s, "spin", "spun:5")
    assert s.phase == "tycoon" and (s.players[0].cash, s.players[0].loans) == (199_000, 0)
    return s


def test_tycoon_win_counts_the_notes_of_cars_still_on_the_road():
    s = _three_at_reckoning().play("tycoon:5").play("spun:5")
    assert s.is_terminal
    # Bo: 67,000 - 9 x 25,000 = -158,000; Cy: 7,000 - 2 x 25,000 = -43,000. By
    # cash alone Bo (67,000) would be second; with the notes Cy is.
    assert events(s, ev.Repaid) == [ev.Repaid(1, 9, 225_000), ev.Repaid(2, 2, 50_000)]
    rows = {row["seat"]: row for row in s.results()}
    assert [(rows[i]["worth"], rows[i]["rank"]) for i in range(3)] == [
        (199_000, 1), (-158_000, 3), (-43_000, 2)]
    assert rows[1]["breakdown"]["cash"] == 67_000 and rows[1]["breakdown"]["loans"] == -225_000
    assert [row["seat"] for row in s.results()] == [0, 2, 1]
    assert [rows[i]["winner"] for i in range(3)] == [True, False, False]
    assert conserved(s)
    # The tournament's worths and shares read the same final count.
    from lifespin.sim.tournament import game_result

    result = game_result(s, 0, 0, ["a", "b", "c"])
    assert result.worths == (199_000, -158_000, -43_000)
    assert result.shares == (1, 0, 0)


def test_tycoon_miss_hands_the_stake_to_the_bank_and_play_goes_on():
    s = _three_at_reckoning().play("tycoon:5").play("spun:4")
    assert transfers(s) == [(0, BANK, 199_000, "tycoon_stake")]
    assert s.players[0].cash == 0 and s.players[0].retired and not s.is_terminal
    assert s.view(None)["players"][0]["retired"] == "poor_farm"
    assert s.current_player == 1 and conserved(s)


# ---------------------------------------------------------------- random games, every option


def _random_finals(options, games=30, players=4):
    """(each auto insurance purchase as (seat, turns the buyer had ended), final
    state) over seeded random-bot 1960 games."""
    import lifespin
    from lifespin.sim.driver import play_state

    buys: list[tuple[int, int]] = []
    finals = []
    last: list[lifespin.State] = []

    def step(s: lifespin.State) -> None:
        prev = last[0]
        last[:] = [s]
        for e in s.events:
            if isinstance(e, ev.InsuranceBought) and e.kind == "auto":
                buys.append((e.seat, prev.players[e.seat].turns))

    for seed in range(games):
        start = lifespin.new_game("1960", players, options)
        last[:] = [start]
        finals.append(play_state(start, seed, ["random"] * players, on_step=step))
    return buys, finals


def _final_count_is_consistent(s) -> None:
    assert s.is_terminal and conserved(s)
    for row in s.results():
        seat = row["seat"]
        assert s.players[seat].loans == 0, f"seat {seat} still owes notes"
        assert row["worth"] == s.worth(seat) == sum(row["breakdown"].values())


def test_random_games_with_the_defaults_settle_every_note():
    buys, finals = _random_finals({})
    assert buys and all(turns == 0 for _, turns in buys)  # before the first spin only
    farm = tycoon = 0
    for s in finals:
        _final_count_is_consistent(s)
        rows = s.results()
        farm += sum(row["retired"] == "poor_farm" for row in rows)
        tycoon += any(row["tycoon"] for row in rows)
    assert farm and tycoon


def test_random_games_with_the_1960_house_rules():
    options = {"money_scale": "1960", "tycoon": False, "auto_insurance_offer": "every_turn"}
    buys, finals = _random_finals(options)
    assert any(turns > 0 for _, turns in buys)  # bought on later turns too
    for s in finals:
        assert s.rules.auto_insurance_price == 500
        _final_count_is_consistent(s)
        rows = s.results()
        assert all(row["retired"] == "acres" and not row["tycoon"] for row in rows)
        assert sum(row["winner"] for row in rows) >= 1


def test_batch_figures_count_a_game_nobody_won_as_no_shared_win():
    """Everyone at the Poor Farm, stakes lost: often tied for the top rank at
    nothing, but nobody won, so it is no shared win and gives no shares."""
    from lifespin.sim.driver import play_many
    from lifespin.sim.stats import aggregate, win_shares

    summaries = list(play_many("1960", 4, games=40, seed=3, jobs=1))
    nobody = [s for s in summaries if all(row["retired"] == "poor_farm" for row in s.results)]
    tied = [s for s in nobody if sum(row["rank"] == 1 for row in s.results) > 1]
    assert tied, "no game with everyone at the Poor Farm tied at the top"
    for s in nobody:
        assert not any(row["winner"] for row in s.results)
        assert set(win_shares(s.results).values()) == {0}
    shared = sum(sum(row["winner"] for row in s.results) > 1 for s in summaries)
    assert aggregate(summaries)["shared_wins"] == shared
