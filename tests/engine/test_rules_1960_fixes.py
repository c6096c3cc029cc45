"""1960, hand-checked corrections: the stock market acts on a passing car at all
three of its spaces; auto insurance is offered before the first spin only; the
final count subtracts unpaid notes and the Poor Farm keeps no stake.

Amounts come from src/lifespin/editions/data/1960/edition.toml (inflated
printing): play the market 1-3 lose 60,000, 4-6 nothing, 7-10 win 120,000
(M66, M91, V1); the valley's famous painting pays 480,000 (V2); auto insurance
1,000; notes lend 20,000 and cost 25,000 to repay.
"""

from __future__ import annotations

from tests.engine.scenario import at, conserved, play, spin, transfers
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
