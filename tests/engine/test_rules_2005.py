"""Hand-checked scenarios for the 2005 edition, at least one per rule.

Every position is reached by play with chosen chance outcomes; the amounts come
from src/lifespin/editions/data/2005/edition.toml (reference: the rules notes,
section 5). Share the Wealth cards: 0-4 collect, 5-8 pay, 9-12 exemption,
13-16 boost (2 tokens), 17-20 boost (4 tokens). Careers carry their salary:
police 40,000 (max 70,000, taxes 15,000), doctor 100,000.
"""

from __future__ import annotations

from tests.engine.scenario import at, cash, conserved, events, play, spin, transfers
from tests.engine.scenario_more import drive, new

from lifespin import CHANCE
from lifespin.engine import events as ev

BANK = ev.BANK
TILES = ["draw_tile:0", "draw_tile:1", "draw_tile:2"]


def labels(actions) -> list[str]:
    return [str(a) for a in actions]


def hands(*cards: tuple[int, int, int]) -> list[str]:
    return TILES + [f"draw_wealth:{c}" for hand in cards for c in hand]


# seat 0: collect, collect, exemption; seat 1: boost2, pay, exemption;
# seat 2: boost4, collect, exemption
THREE = ("Ana", "Bo", "Cy")
THREE_HANDS = hands((0, 1, 9), (13, 5, 10), (17, 2, 11))
START3 = {
    "start": ["start:career"] * 3,
    "deal_career": ["deal_career:salesperson", "deal_career:police", "deal_career:mechanic"],
}


def three(plan1: list[str], rounds: int | None = None, **more):
    """Three players on the career path; seat 1 (police) lands on `plan1`,
    seats 0 and 2 crawl one space a turn behind. Stops at seat 1's next move."""
    n = len(plan1) + 1 if rounds is None else rounds
    s = new("2005", THREE, deals=THREE_HANDS)
    s = drive(s, {0: [1] * n, 1: list(plan1), 2: [1] * len(plan1)}, {**START3, **more})
    assert s.turn == 1 and at(s, 1) == plan1[-1]
    return s


def solo_police(plan: list[str], **answers):
    s = new("2005", ["Solo"], deals=hands((9, 13, 5)))
    return drive(s, plan, {"start": ["start:career"], "deal_career": ["deal_career:police"],
                           **answers})


# ---------------------------------------------------------------- start


def test_deal_gives_estates_tiles_and_private_share_the_wealth_hands():
    s = new("2005", ["Ana", "Bo"], deals=hands((0, 9, 13), (5, 17, 10)))
    assert s.estates == (0, 1, 2) and s.phase == "turn" and s.current_player == 0
    assert s.players[0].hand == (0, 9, 13) and s.players[1].hand == (5, 17, 10)
    v = s.view(0)
    assert v["hand"] == ["stw_boost2", "stw_collect", "stw_exemption"]
    assert [p["wealth_cards"] for p in v["players"]] == [3, 3]
    assert s.view(1)["hand"] == ["stw_boost4", "stw_exemption", "stw_pay"]
    assert "hand" not in s.view(None)
    assert len(s.wealth_pile) == 21 - 6


def test_college_start_borrows_five_notes_and_job_hunt_deals_degree_careers_only():
    s = new("2005", ["Ana", "Bo"], deals=hands((0, 9, 13), (5, 17, 10)))
    s = s.play("start:college")
    # The loans pay the tuition: the student keeps only the starting 10,000.
    assert events(s) == [ev.Started(0, "college"), ev.Borrowed(0, 5, 100_000),
                         ev.Transfer(0, BANK, 100_000, "tuition")]
    assert (s.players[0].cash, s.players[0].loans) == (10_000, 5)
    s = spin(s, 10)  # 1..10, the job hunt STOP
    assert events(s, ev.Moved) == [ev.Moved(0, tuple(str(i) for i in range(1, 11)))]
    assert s.players[0].degree and s.current_player == CHANCE
    assert labels(s.chance_outcomes()) == [
        "deal_career:teacher", "deal_career:computer_designer", "deal_career:accountant",
        "deal_career:veterinarian", "deal_career:lawyer", "deal_career:doctor"]
    s = play(s, "deal_career:doctor", "deal_career:lawyer", "deal_career:teacher")
    assert labels(s.legal_actions()) == [
        "choose_career:doctor", "choose_career:lawyer", "choose_career:teacher"]
    s = s.play("choose_career:doctor")
    p = s.players[0]
    assert s.rules.careers[p.career].id == "doctor" and p.salary == -1  # no salary cards
    assert s.phase == "spin" and s.turn == 0  # the STOP gives another spin
    s = spin(s, 1)  # 10 -> 14, Pay Day: the doctor's 100,000
    assert at(s, 0) == "14" and transfers(s) == [(BANK, 0, 100_000, "payday")]
    assert s.players[0].cash == 110_000 and conserved(s)


def test_career_start_deals_one_non_degree_career_with_its_own_salary():
    s = new("2005", ["Ana", "Bo"], deals=hands((0, 9, 13), (5, 17, 10)))
    s = s.play("start:career")
    assert labels(s.chance_outcomes()) == [
        "deal_career:salesperson", "deal_career:hair_stylist", "deal_career:mechanic",
        "deal_career:police", "deal_career:entertainer", "deal_career:athlete"]
    s = s.play("deal_career:police")  # taken without a question, no salary card
    assert s.phase == "turn" and s.rules.careers[s.players[0].career].id == "police"
    assert s.players[0].salary == -1
    s = spin(s, 1)
    assert at(s, 0) == "11" and transfers(s) == [(BANK, 0, 40_000, "payday")]
    assert s.players[0].cash == 50_000


# ---------------------------------------------------------------- Pay Days


def test_payday_with_raise_then_graduation_raise_capped_at_max_salary():
    s = solo_police(["20", "24", "29"])
    c = s.players[0].cash
    s = spin(s, 1)  # 30: Pay Day with a 10,000 raise first
    assert at(s, 0) == "30" and s.players[0].raises == 10_000
    assert transfers(s) == [(BANK, 0, 50_000, "payday")]
    assert s.players[0].cash == c + 50_000
    # night school, graduate with the 20,000 raise: 40,000 + 30,000 = the 70,000 cap
    s = drive(s, ["32", "41", "48", "50", "52", "59"],
              {"branch": ["branch:53"], "choose_career": ["take_raise"]})
    assert s.players[0].raises == 30_000
    s = drive(s, ["67", "75"])
    c = s.players[0].cash
    s = spin(s, 1)  # 76: another raise, but the police officer is at the cap
    assert at(s, 0) == "76" and s.players[0].raises == 30_000
    assert transfers(s) == [(BANK, 0, 70_000, "payday")]
    assert s.players[0].cash == c + 70_000


def test_taxes_due_and_tax_refund_use_the_career_tax():
    s = solo_police(["20", "24", "30"])
    c = s.players[0].cash
    s = spin(s, 1)  # 31: taxes
    assert transfers(s) == [(0, BANK, 15_000, "taxes")] and s.players[0].cash == c - 15_000
    s = drive(s, ["32", "41", "48", "50", "52", "60", "64", "67", "75", "82", "89", "90",
                  "99", "108", "109", "116"])
    c = s.players[0].cash
    s = spin(s, 1)  # 117: refund
    assert at(s, 0) == "117"
    assert transfers(s) == [(BANK, 0, 15_000, "tax_refund")] and s.players[0].cash == c + 15_000


# ---------------------------------------------------------------- Spin to Win


def test_spin_to_win_everyone_bets_from_the_lander_and_a_boost_adds_tokens():
    s = three(["20", "24", "30", "32", "41", "48"])
    before = cash(s)
    s = spin(s, 2)  # 48 -> 50
    assert at(s, 1) == "50" and s.phase == "bet" and s.current_player == 1
    acts = labels(s.legal_actions())
    assert acts[0] == "bet:1-10000" and acts[-1] == "skip" and "bet:10-50000" in acts
    s = s.play("bet:7-20000")
    assert transfers(s) == [(1, BANK, 20_000, "spin_to_win_bet")]
    assert events(s, ev.BetPlaced) == [ev.BetPlaced(1, 7, 20_000)]
    assert labels(s.legal_actions()) == ["play_card:boost", "skip"]
    s = s.play("play_card:boost")  # 2 free tokens at the same stake
    assert 13 not in s.players[1].hand and 13 in s.wealth_pile
    assert "token:7" not in labels(s.legal_actions())
    s = play(s, "token:3", "token:9")
    assert s.current_player == 2 and s.phase == "bet"  # then seat 2, then seat 0
    assert not any(a.startswith(("bet:7-", "bet:3-", "bet:9-")) for a in labels(s.legal_actions()))
    s = s.play("skip")  # seat 2 declines
    assert s.current_player == 0
    s = s.play("bet:5-10000")
    assert s.current_player == CHANCE  # seat 0 has no boost: straight to the wheel
    assert s.bets == ((1, 7, 20_000), (1, 3, 20_000), (1, 9, 20_000), (0, 5, 10_000))
    s = s.play("spun:9")  # the lander spins: the boost token on 9 wins 10x
    assert events(s, ev.Spun)[0] == ev.Spun(1, 9, "spin_to_win")
    assert transfers(s) == [(BANK, 1, 200_000, "spin_to_win")]
    assert s.bets == ()
    after = cash(s)
    assert after[1] - before[1] == -20_000 + 200_000
    assert after[0] - before[0] == -10_000 and after[2] == before[2]
    assert s.turn == 2 and conserved(s)


# ---------------------------------------------------------------- lawsuits


def test_lawsuit_target_is_mandatory_and_pays_100000():
    s = three(["20", "24", "30", "32", "41", "48"])
    before = cash(s)
    s = spin(s, 1)  # 49: lawsuit
    assert s.phase == "sue" and labels(s.legal_actions()) == ["sue:0", "sue:2"]
    s = s.play("sue:2")
    assert events(s, ev.Sued) == [ev.Sued(1, 2, 100_000)]
    assert s.current_player == 2 and labels(s.legal_actions()) == ["play_card:exemption", "skip"]
    paid = s.play("skip")
    notes = -(-(100_000 - before[2]) // 20_000) if before[2] < 100_000 else 0
    assert paid.players[2].loans == notes
    assert transfers(paid) == [(2, 1, 100_000, "lawsuit")]
    assert cash(paid)[1] == before[1] + 100_000
    assert cash(paid)[2] == before[2] + 20_000 * notes - 100_000
    exempt = s.play("play_card:exemption")
    assert transfers(exempt) == [] and cash(exempt) == before
    assert events(exempt, ev.CardPlayed) == [ev.CardPlayed(2, "exemption")]
    assert 11 not in exempt.players[2].hand and 11 in exempt.wealth_pile


# ---------------------------------------------------------------- Share the Wealth


def test_share_the_wealth_space_draws_a_card():
    s = new("2005", ["Solo"], deals=hands((9, 13, 5)))
    s = play(s, "start:career", "deal_career:police")
    s = spin(s, 6)  # career -> 11 .. 16
    assert at(s, 0) == "16" and s.phase == "wealth_draw"
    assert len(s.chance_outcomes()) == 18
    s = s.play("draw_wealth:20")
    assert s.players[0].hand == (9, 13, 5, 20)
    assert events(s, ev.CardDrawn) == [ev.CardDrawn(0, "share_the_wealth")]
    assert s.view(0)["hand"].count("stw_boost4") == 1


def test_collect_card_played_out_of_turn_takes_half_and_may_be_exempted():
    s = three(["20", "24", "30", "32"])
    before = cash(s)
    s = spin(s, 9)  # 32 -> 41: collect 100,000
    # passing Pay Day 38 (police 40,000 + the 10,000 raise of 30), then the prize
    assert at(s, 1) == "41"
    assert transfers(s) == [(BANK, 1, 50_000, "payday"), (BANK, 1, 100_000, "collect")]
    before[1] += 50_000
    # offered to the other holders after the mover: seat 2, then seat 0
    assert s.phase == "play_collect" and s.current_player == 2
    assert labels(s.legal_actions()) == ["play_card:collect", "skip"]
    s = s.play("skip")
    assert s.phase == "play_collect" and s.current_player == 0
    s = s.play("play_card:collect")
    assert s.current_player == 1 and labels(s.legal_actions()) == ["play_card:exemption", "skip"]
    taken = s.play("skip")
    assert transfers(taken) == [(1, 0, 50_000, "collect_card")]
    assert cash(taken) == [before[0] + 50_000, before[1] + 50_000, before[2]]
    assert taken.players[0].hand == (1, 9)
    kept = s.play("play_card:exemption")
    assert cash(kept) == [before[0], before[1] + 100_000, before[2]]
    assert kept.players[1].hand == (13, 5)
    assert kept.turn == 2 and taken.turn == 2


def test_pay_card_passes_half_of_a_bill_to_a_chosen_player():
    s = three(["20", "24"])
    before = cash(s)
    s = spin(s, 1)  # 25: the reception, 20,000
    assert transfers(s) == [(1, BANK, 20_000, "pay")]
    assert s.phase == "play_pay"
    assert labels(s.legal_actions()) == ["pay_card:0", "pay_card:2", "skip"]
    declined = s.play("skip")
    assert cash(declined)[1] == before[1] - 20_000 and declined.players[1].hand == (13, 5, 10)
    s = s.play("pay_card:0")
    assert s.current_player == 0 and labels(s.legal_actions()) == ["play_card:exemption", "skip"]
    paid = s.play("skip")
    assert transfers(paid) == [(0, 1, 10_000, "pay_card")]
    assert cash(paid)[1] == before[1] - 10_000 and cash(paid)[0] == before[0] - 10_000
    assert paid.players[1].hand == (13, 10)
    exempt = s.play("play_card:exemption")
    assert cash(exempt)[0] == before[0] and cash(exempt)[1] == before[1] - 20_000


def test_no_card_offered_for_5000():
    s = three(["20", "24", "30", "32"])
    s = spin(s, 3)  # 35: a 5,000 bill is not over the threshold
    assert at(s, 1) == "35" and transfers(s) == [(1, BANK, 5_000, "pay")]
    assert s.phase != "play_pay" and s.turn == 2


# ---------------------------------------------------------------- family


def test_marriage_takes_a_tile_then_spins_for_gifts():
    s = three(["20"])
    s = spin(s, 4)  # 24: wedding STOP, passing Pay Day 22
    assert transfers(s) == [(BANK, 1, 40_000, "payday")]
    before = cash(s)
    assert at(s, 1) == "24" and events(s, ev.Married) == [ev.Married(1)]
    assert s.phase == "draw_tile"
    s = s.play("draw_tile:10")
    assert s.players[1].tiles == (3, 10) and s.phase == "spin"  # tile 3 from space 20
    big = s.play("spun:9")
    assert transfers(big) == [(0, 1, 10_000, "wedding_gift"), (2, 1, 10_000, "wedding_gift")]
    mid = s.play("spun:5")
    assert transfers(mid) == [(0, 1, 5_000, "wedding_gift"), (2, 1, 5_000, "wedding_gift")]
    none = s.play("spun:4")
    assert transfers(none) == [] and cash(none) == before
    assert none.phase == "spin" and none.turn == 1  # the STOP's spin again


def test_baby_and_twins_bring_5000_from_every_other_player():
    s = three(["20", "24", "30", "32"])
    s = spin(s, 4)  # 36: a son
    assert events(s, ev.NewBaby) == [ev.NewBaby(1, 1)]
    assert transfers(s) == [(0, 1, 5_000, "baby_gift"), (2, 1, 5_000, "baby_gift")]
    assert s.phase == "draw_tile"
    s = three(["20", "24", "30", "32", "41"])
    s = spin(s, 1)  # 42: twins, still 5,000 a player
    assert events(s, ev.NewBaby) == [ev.NewBaby(1, 2)] and s.players[1].children == 2
    assert transfers(s) == [(0, 1, 5_000, "baby_gift"), (2, 1, 5_000, "baby_gift")]
    assert s.phase == "draw_tile"


# ---------------------------------------------------------------- night school


def test_night_school_crossroads_is_chosen_while_stopped_and_costs_50000():
    s = solo_police(["20", "24", "30", "32", "41", "48", "50"])
    s = spin(s, 2)  # 52: crossroads STOP
    assert at(s, 0) == "52" and s.phase == "branch"
    assert labels(s.legal_actions()) == ["branch:53", "branch:60"]
    c = s.players[0].cash
    life = s.play("branch:60")
    assert transfers(life) == [] and life.phase == "spin"
    s = s.play("branch:53")
    assert transfers(s) == [(0, BANK, 50_000, "branch")] and s.players[0].cash == c - 50_000
    assert s.phase == "spin" and s.turn == 0
    s = spin(s, 1)
    assert events(s, ev.Moved) == [ev.Moved(0, ("53",))]
    s = drive(s, ["58"])
    s = spin(s, 1)  # 59: graduation STOP, 3 degree careers dealt
    assert at(s, 0) == "59" and s.players[0].degree
    assert all(s.rules.careers[s.rules.career_index[a.arg]].degree for a in s.chance_outcomes())
    s = play(s, "deal_career:lawyer", "deal_career:doctor", "deal_career:teacher")
    assert labels(s.legal_actions()) == [
        "choose_career:lawyer", "choose_career:doctor", "choose_career:teacher", "take_raise"]
    doc = s.play("choose_career:doctor")
    assert doc.rules.careers[doc.players[0].career].id == "doctor"
    assert doc.players[0].raises == 0
    assert s.rules.career_index["police"] in doc.career_deck
    raised = s.play("take_raise")
    assert raised.rules.careers[raised.players[0].career].id == "police"
    assert events(raised, ev.RaiseGiven) == [ev.RaiseGiven(0, 20_000)]
    assert raised.phase == "spin"


# ---------------------------------------------------------------- homes


def test_starter_home_then_better_home_selling_at_the_fixed_price():
    s = solo_police(["20", "24", "30"])
    s = spin(s, 2)  # 32: three deeds drawn from the starter homes only
    assert labels(s.chance_outcomes()) == [
        "deal_house:mobile_home", "deal_house:condo", "deal_house:log_cabin",
        "deal_house:ranch", "deal_house:small_cape", "deal_house:tudor"]
    s = s.play("deal_house:tudor").play("deal_house:condo").play("deal_house:ranch")
    assert labels(s.legal_actions()) == [
        "buy_house:tudor", "buy_house:condo", "buy_house:ranch", "skip"]
    c = s.players[0].cash
    s = s.play("buy_house:condo")
    assert events(s, ev.HouseBought) == [ev.HouseBought(0, "condo", 100_000)]
    assert s.players[0].cash == c - 100_000 + 20_000 * s.players[0].loans
    s = drive(s, ["41", "48", "50", "52", "60", "64", "67", "75", "82", "89", "90",
                  "99", "108"])
    c, loans = s.players[0].cash, s.players[0].loans
    s = spin(s, 1)  # 109: move up
    assert labels(s.legal_actions()) == ["sell_house", "skip"]
    s = s.play("sell_house")
    assert transfers(s) == [(BANK, 0, 105_000, "house_sale")]
    assert labels(s.chance_outcomes()) == [  # the bigger homes' pile
        "deal_house:double_wide_rv", "deal_house:executive_cape",
        "deal_house:modern_victorian", "deal_house:mountain_retreat", "deal_house:penthouse",
        "deal_house:mansion"]
    s = s.play("deal_house:mansion").play("deal_house:double_wide_rv")
    s = s.play("deal_house:penthouse")
    assert labels(s.legal_actions()) == [
        "buy_house:mansion", "buy_house:double_wide_rv", "buy_house:penthouse", "skip"]
    s = s.play("buy_house:double_wide_rv")
    assert s.rules.houses[s.players[0].house].id == "double_wide_rv"
    assert events(s, ev.HouseBought) == [ev.HouseBought(0, "double_wide_rv", 300_000)]
    borrowed = 20_000 * (s.players[0].loans - loans)
    assert s.players[0].cash == c + 105_000 - 300_000 + borrowed
    assert s.rules.houses.index(s.rules.houses[1]) in s.house_deck  # the condo is back
    assert conserved(s)


# ---------------------------------------------------------------- retirement


def _solo_retiring():
    """Solo police with a son (36), adopted twins (64) and a condo (32), one step
    before retirement."""
    return solo_police(["20", "24", "30", "32", "36", "41", "48", "50", "52", "60", "64",
                        "67", "75", "82", "89", "90", "99", "108", "109", "117", "118",
                        "128", "132", "142", "149"], buy_house=["buy_house:condo"])


def test_retirement_sells_house_at_fixed_price_and_takes_an_estates_tile():
    s = _solo_retiring()
    p = s.players[0]
    assert p.house >= 0 and p.children == 3
    s = spin(s, 1)  # 150
    assert at(s, 0) == "150"
    sale = [t for t in transfers(s) if t[3] == "house_sale"]
    assert sale == [(BANK, 0, 105_000, "house_sale")]
    assert s.players[0].loans == 0
    assert labels(s.legal_actions()) == ["retire:estates", "retire:countryside"]
    country = s.play("retire:countryside")
    assert country.is_terminal and len(country.players[0].tiles) == len(p.tiles)
    s = s.play("retire:estates")
    assert s.phase == "bonus_tiles"  # one tile on arriving at the estates
    s = s.play(str(s.chance_outcomes()[0]))
    assert len(s.players[0].tiles) == len(p.tiles) + 1
    assert s.phase == "estates_deal"  # the 3 estates tiles go to the richest there
    s = play(s, "take_tile:0", "take_tile:1", "take_tile:2")
    assert s.is_terminal and s.players[0].bonus_tiles == (0, 1, 2)
    assert len(s.players[0].tiles) == len(p.tiles) + 4


def test_retirement_collects_10000_per_child_from_the_bank():
    s = _solo_retiring()
    s = spin(s, 1)
    assert [t for t in transfers(s) if t[3] == "child_gift"] == [(BANK, 0, 30_000, "child_gift")]
