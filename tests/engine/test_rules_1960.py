"""Hand-checked scenarios for the 1960 edition, at least one per rule.

Amounts come from src/lifespin/editions/data/1960/edition.toml (inflated
printing by default; reference: the rules notes, section 2). Careers: business
12,000 (taxes 6,000), university 16,000, doctor 50,000 (taxes 25,000).
"""

from __future__ import annotations

from tests.engine.scenario import at, conserved, events, play, spin, transfers
from tests.engine.scenario_more import drive, new

from lifespin.engine import events as ev

BANK = ev.BANK


def labels(actions) -> list[str]:
    return [str(a) for a in actions]


def career(s, seat: int) -> str:
    return s.rules.careers[s.players[seat].career].id


def solo(options=None):
    s = new("1960", ["Solo"], options=options)
    return s.play("start:M0")


# ---------------------------------------------------------------- the two lanes


def test_business_or_college_fork_and_business_career_on_pass():
    s = solo()
    assert labels(s.legal_actions())[:2] == ["spin", "buy_insurance:auto"]
    s = s.play("buy_insurance:auto")
    assert transfers(s) == [(0, BANK, 1_000, "auto_insurance")] and s.players[0].auto
    s = spin(s, 5)
    assert s.phase == "branch" and labels(s.legal_actions()) == ["branch:M3", "branch:C1"]
    s = s.play("branch:M3")  # M3, M4 (passed: start in business), M5 (+12,000)
    assert events(s, ev.CareerTaken) == [ev.CareerTaken(0, "business", False)]
    assert at(s, 0) == "M5" and transfers(s) == [(BANK, 0, 12_000, "collect")]
    assert s.players[0].cash == 21_000
    s = spin(s, 2)  # M6 rent passed (no effect), M7 Pay Day: 12,000
    assert transfers(s) == [(BANK, 0, 12_000, "payday")] and s.players[0].cash == 33_000


def test_college_career_space_gives_the_career_and_jumps_to_the_first_payday():
    s = solo()
    s = spin(s, 4)
    s = s.play("branch:C1")  # C1, C2: scholarship 3,000
    assert at(s, 0) == "C2" and transfers(s) == [(BANK, 0, 3_000, "collect")]
    s = spin(s, 5)  # C3 passed (tuition 5,000), C4-C6, lands C7: doctor, jump to M7
    assert events(s, ev.CareerTaken) == [ev.CareerTaken(0, "doctor", False)]
    assert at(s, 0) == "M7"
    assert transfers(s) == [(0, BANK, 5_000, "pay"), (BANK, 0, 50_000, "payday")]
    assert s.players[0].cash == 10_000 + 3_000 - 5_000 + 50_000


def test_university_career_taken_on_pass():
    s = solo()
    s = spin(s, 8)
    s = s.play("branch:C1")  # C1..C6
    assert at(s, 0) == "C6"
    s = spin(s, 7)  # C7..C11 passed, C12 passed (university), M7 Pay Day
    assert at(s, 0) == "M7" and career(s, 0) == "university"
    assert transfers(s)[-1] == (BANK, 0, 16_000, "payday")


# ---------------------------------------------------------------- on the road


def _business(plan, **answers):
    s = solo()
    return drive(s, plan, {"branch": ["branch:M3"], **answers})


def test_insurance_offer_bought_and_auto_waives_the_crash():
    s = _business(["M5"])
    c = s.players[0].cash
    s = spin(s, 7)  # M12: life insurance, 10,000; passing Pay Day M7
    assert s.phase == "offer" and labels(s.legal_actions()) == ["buy_policy:life", "skip"]
    s = s.play("buy_policy:life")
    assert events(s, ev.PolicyBought) == [ev.PolicyBought(0, "life", 10_000)]
    assert s.players[0].cash == c + 12_000 - 10_000 and s.players[0].policies == ("life",)
    s = drive(s, ["M17"])
    # Without auto insurance the crash at M21 costs 12,000.
    c = s.players[0].cash
    crash = spin(s, 4)
    assert at(crash, 0) == "M21" and transfers(crash) == [(0, BANK, 12_000, "pay")]
    assert crash.players[0].cash == c - 12_000
    # The same drive with auto insurance bought on the first turn (1,000): the
    # crash costs nothing.
    s = drive(solo().play("buy_insurance:auto"), ["M5"], {"branch": ["branch:M3"]})
    s = spin(s, 7).play("buy_policy:life")
    s = drive(s, ["M17"])
    assert s.players[0].cash == c - 1_000
    insured = spin(s, 4)
    assert at(insured, 0) == "M21" and transfers(insured) == []
    assert insured.players[0].cash == c - 1_000


def test_fire_offer_on_pass_and_taxes_on_pass():
    s = _business(["M5", "M11", "M17", "M21", "M26"])
    c = s.players[0].cash
    s = spin(s, 5)  # M27 miss, M28 house 40,000 (on pass), M29 fire offer (on pass)
    assert s.phase == "offer" and at(s, 0) == "M29"
    assert transfers(s) == [(0, BANK, 40_000, "pay")]
    s = s.play("buy_policy:fire")  # then on: M30 Pay Day, M31 Lucky Day
    assert at(s, 0) == "M31" and s.players[0].policies == ("fire",)
    assert s.phase == "gamble" and labels(s.legal_actions()) == ["keep", "gamble"]
    kept = s.play("keep")
    assert transfers(kept) == [(BANK, 0, 20_000, "lucky_day")]
    assert kept.players[0].cash == c - 40_000 - 10_000 + 12_000 + 20_000
    lost = play(s, "gamble", "spun:8")
    assert [t for t in transfers(lost)] == []
    won = play(s, "gamble", "spun:9")
    assert transfers(won) == [(BANK, 0, 300_000, "gamble")]
    s = drive(kept, ["M35", "M36"])
    c = s.players[0].cash
    s = spin(s, 4)  # M37 revenge (solo: nothing), M38, M39 taxes passed, M40 stock offer
    assert transfers(s) == [(0, BANK, 6_000, "taxes")]
    assert s.phase == "offer" and labels(s.legal_actions()) == ["buy_policy:stock", "skip"]
    s = s.play("buy_policy:stock")
    assert s.players[0].cash == c - 6_000 - 50_000


def _stockholder(**answers):
    return _business(["M5", "M11", "M17", "M21", "M26", "M31", "M35", "M36", "M40"],
                     offer=_fire_and_stock, gamble=["keep"], **answers)


def _fire_and_stock(s) -> str:
    first = str(s.legal_actions()[0])
    return "skip" if first == "buy_policy:life" else first


def test_stock_spaces_only_for_holders_and_play_the_market():
    s = _stockholder()
    assert "stock" in s.players[0].policies and "fire" in s.players[0].policies
    s = drive(s, ["M44"])
    c = s.players[0].cash
    s = spin(s, 1)  # M45: shares slide, holders pay 22,000
    assert transfers(s) == [(0, BANK, 22_000, "pay")]
    assert s.players[0].cash == c - 22_000 and s.players[0].loans == 0
    s = drive(s, ["M48", "M52", "M54", "M61"])
    s = drive(s, ["M65"])
    s = spin(s, 1)  # M66: play the market (optional)
    assert labels(s.legal_actions()) == ["gamble", "skip"]
    assert transfers(play(s, "gamble", "spun:2")) == [(0, BANK, 60_000, "gamble")]
    assert transfers(play(s, "gamble", "spun:5")) == []
    assert transfers(play(s, "gamble", "spun:7")) == [(BANK, 0, 120_000, "gamble")]
    assert transfers(s.play("skip")) == []
    # The market's table, in cash: 1-3 lose 60,000, 4-6 nothing, 7-10 win 120,000;
    # skipping costs nothing. (Cash covers the loss: no note is taken.)
    cash = s.players[0].cash
    assert cash >= 60_000
    for n, change in [(1, -60_000), (3, -60_000), (4, 0), (6, 0), (7, 120_000), (10, 120_000)]:
        after = play(s, "gamble", f"spun:{n}").players[0]
        assert (after.cash, after.loans) == (cash + change, s.players[0].loans), n
    assert s.play("skip").players[0].cash == cash


def test_play_the_market_not_offered_without_stock():
    s = _business(["M5", "M11", "M17", "M21", "M26", "M31", "M35", "M36", "M40", "M44",
                   "M48", "M52", "M54", "M61", "M65"], gamble=["keep"] * 3)
    assert not s.players[0].policies
    s = spin(s, 1)  # M66
    assert s.phase != "gamble" and transfers(s) == []


def test_fire_waives_tornado_and_lose_insurance():
    s = _stockholder()
    # Lucky Day at M52 kept; the market at M66, passed on the way to M67, declined.
    s = drive(s, ["M44", "M48", "M52", "M54", "M61", "M65", "M67"],
              {"gamble": ["keep", "skip", "keep", "keep", "keep"]})
    s = spin(s, 1)  # M68: reckless driving, the auto policy is lost (none held: nothing)
    assert events(s, ev.PolicyLost) == []
    s = drive(s, ["M69", "M75"], {"gamble": ["keep"] * 3})
    assert at(s, 0) == "M75"


# ---------------------------------------------------------------- family


def _two_to(plan0):
    s = new("1960", ["Ana", "Bo"])
    plan1 = [2] * len(plan0)
    return drive(s, {0: plan0, 1: plan1},
                 {"start": ["start:M0", "start:M0"], "branch": ["branch:M3"] * 2})


def test_marriage_gift_spin_and_baby_gifts_from_each_opponent():
    s = _two_to(["M5", "M11"])
    assert s.turn == 0
    s = spin(s, 6)  # M12 passed: the life insurance offer, declined; M17 wedding STOP
    assert s.phase == "offer" and at(s, 0) == "M12"
    s = s.play("skip")
    assert at(s, 0) == "M17"
    assert events(s, ev.Married) == [ev.Married(0)] and s.phase == "spin"
    two = s.play("spun:3")
    assert [t for t in transfers(two)] == [(1, 0, 2_000, "wedding_gift")]
    one = s.play("spun:6")
    assert transfers(one) == [(1, 0, 1_000, "wedding_gift")]
    assert transfers(s.play("spun:7")) == []


def test_revenge_take_money_or_send_back():
    s = _two_to(["M5", "M11", "M17", "M21", "M26", "M31", "M35"])
    s = spin(s, 2)  # M37
    assert s.phase == "revenge"
    acts = labels(s.legal_actions())
    assert "send_back:1" in acts
    back = s.play("send_back:1")
    sent = events(back, ev.SentBack)[0]
    assert sent.seat == 0 and sent.target == 1 and len(sent.path) <= 10
    # Bo has less than the 200,000 revenge takes: only sending back is offered.
    assert s.players[1].cash < 200_000 and acts == ["send_back:1"]


def test_revenge_takes_money_from_a_rival_who_has_it():
    plan = ["M5", "M11", "M17", "M21", "M26", "M31", "M35"]
    s = new("1960", ["Ana", "Bo"])
    s = drive(s, {0: [*plan, "M40", "M41"], 1: plan},
              {"start": ["start:M0", "start:M0"], "branch": ["branch:M3"] * 2})
    assert s.turn == 1 and s.players[0].cash >= 200_000
    s = spin(s, 2)  # Bo: M35 to M37, revenge on Ana
    assert s.phase == "revenge" and labels(s.legal_actions()) == ["take_money:0", "send_back:0"]
    took = s.play("take_money:0")
    assert transfers(took) == [(0, 1, 200_000, "revenge")]
    assert took.players[1].cash == s.players[1].cash + 200_000 and conserved(took)


def test_money_scale_1960_option_values():
    r = new("1960", ["A", "B"], options={"money_scale": "1960"}).rules
    assert r.auto_insurance_price == 500
    sp = {x.id: x for x in r.spaces}
    assert sp["M9"].amount == 100_000 and sp["M130"].child_gift == 20_000
    assert (sp["M134"].first_bonus, sp["M134"].lucky_fine) == (100_000, 10_000)
    d = {x.id: x for x in new("1960", ["A", "B"]).rules.spaces}
    assert (d["M130"].child_gift, d["M134"].first_bonus, d["M134"].lucky_fine) == (
        48_000, 240_000, 24_000)
    assert conserved(new("1960", ["A", "B"]))
