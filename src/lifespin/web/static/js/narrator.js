// The event log in words: one sentence for every event type the engine
// emits (src/lifespin/engine/events.py, in their JSON form from view.events).

import { RETIRE_PLACES } from "./edition.js";
import { article, humanize, listWords, money, plural } from "./util.js";

export const BANK = -1;

// How a transfer's reason reads after the amount.
const REASONS = {
  payday: " (Payday)",
  collect: "",
  pay: "",
  collect_spin: " (spin bonus)",
  stock: " (stock payout)",
  commission: " (sales commission)",
  house_sale: " for the house",
  buy_house: " for the house",
  buy_stock: " for a stock",
  auto_insurance: " for car insurance",
  home_insurance: " for home insurance",
  night_school: " for night school",
  tuition: " for tuition",
  taxes: " in taxes",
  tax_refund: " (tax refund)",
  spin_fine: " as a fine for the spin",
  misspin: " for the missed spin",
  lucky_number: " (lucky number fine)",
  wedding_gift: " as a wedding gift",
  baby_gift: " as a baby gift",
  child_gift: " (for the children)",
  arrival_bonus: " (arrival bonus)",
  branch: " to take that road",
  spin_to_win: " (Spin to Win)",
  spin_to_win_bet: " on Spin to Win",
  lawsuit: " (lawsuit)",
  collect_card: " (Share the Wealth card)",
  pay_card: " (Share the Wealth card)",
  gamble: " (gamble)",
  lucky_day: " (a sure thing)",
  revenge: " (revenge)",
  toll: " (bridge toll)",
  life_policy: " for life insurance",
  fire_policy: " for fire insurance",
  stock_policy: " for stock insurance",
  auto_policy: " for car insurance",
};

const SPIN_PURPOSES = {
  house_sale: " to sell the house",
  collect: " for the payout",
  gift: " for the gift",
  spin_to_win: " for Spin to Win",
  gamble: " on the gamble",
  tycoon: " for the Tycoon bet",
};

const DECKS = { career: "career card", salary: "salary card", share_the_wealth: "Share the Wealth card",
  house: "house deed" };

/**
 * One event as a sentence.
 * @param {object} e - an event: {type, seat, ...}
 * @param {{board: import("./edition.js").BoardModel, names: string[]}} ctx
 */
export function narrate(e, ctx) {
  const { board } = ctx;
  const who = (seat) => (seat === BANK ? "the bank" : ctx.names[seat] ?? `Player ${seat + 1}`);
  const w = who(e.seat);
  switch (e.type) {
    case "turn_started":
      return `It is ${w}'s turn.`;
    case "started":
      return `${w} starts: ${board.spaceLabel(e.path)}.`;
    case "spun":
      if (e.value === 0) return `${w}'s spin misses the numbers; spin again.`;
      return `${w} spins ${e.value}${SPIN_PURPOSES[e.purpose] || ""}.`;
    case "moved": {
      const path = e.path || [];
      if (!path.length) return `${w} stays put.`;
      return `${w} moves ${plural(path.length, "space")} to ${board.spaceText(path[path.length - 1])}.`;
    }
    case "payday_passed":
      return `${w} reaches a Payday${spaceNumber(e.space)}.`;
    case "transfer": {
      const why = REASONS[e.reason] ?? ` (${humanize(e.reason).toLowerCase()})`;
      if (e.payer === BANK && (e.reason === "collect" || e.reason === "collect_spin")) {
        return `${who(e.payee)} collects ${money(e.amount)}${why}.`;
      }
      if (e.payer === BANK) return `The bank pays ${who(e.payee)} ${money(e.amount)}${why}.`;
      if (e.payee === BANK) return `${who(e.payer)} pays ${money(e.amount)} to the bank${why}.`;
      return `${who(e.payer)} pays ${who(e.payee)} ${money(e.amount)}${why}.`;
    }
    case "borrowed":
      return `${w} borrows ${money(e.amount)} (${plural(e.notes, "loan")}).`;
    case "repaid":
      return `${w} repays ${plural(e.notes, "loan")} for ${money(e.amount)}.`;
    case "tile_taken": {
      if (e.source === "pile") return `${w} takes a LIFE tile.`;
      if (e.source === "estates") return `${w} takes a LIFE tile left at ${RETIRE_PLACES.estates}.`;
      const m = /^seat (\d+)$/.exec(e.source || "");
      if (m) return `${w} takes a LIFE tile from ${who(Number(m[1]))}.`;
      return `${w} takes a LIFE tile (${e.source}).`;
    }
    case "tiles_handed_in":
      return `${w} hands in ${plural(e.tiles, "LIFE tile")}.`;
    case "cards_dealt":
      return `${w} is dealt ${plural(e.cards, DECKS[e.deck] || `${e.deck} card`)}.`;
    case "career_taken": {
      const name = board.careerName(e.career);
      return e.second ? `${w} takes ${name} as a second career.` : `${w} becomes ${article(name)}.`;
    }
    case "salary_taken":
      return `${w} takes a ${money(e.amount)} salary.`;
    case "salary_traded":
      return `${w} trades salaries with ${who(e.other)}.`;
    case "married":
      return `${w} gets married.`;
    case "new_baby":
      if (e.children === 0) return `${w}'s car is full: no room for another child.`;
      if (e.children === 1) return `${w} has a baby.`;
      if (e.children === 2) return `${w} has twins.`;
      return `${w} has ${e.children} babies.`;
    case "house_bought":
      return `${w} buys the ${board.houseName(e.house)} for ${money(e.price)}.`;
    case "house_sold":
      return `${w} sells the ${board.houseName(e.house)} for ${money(e.price)}.`;
    case "insurance_bought":
      return `${w} buys ${e.kind === "auto" ? "car" : e.kind} insurance for ${money(e.price)}.`;
    case "stock_gained":
      return e.bought
        ? `${w} buys stock #${board.stockNumber(e.stock)}.`
        : `${w} gets stock #${board.stockNumber(e.stock)} free.`;
    case "stock_lost":
      return `${w} loses stock #${board.stockNumber(e.stock)}.`;
    case "turn_skipped":
      return `${w} misses this turn.`;
    case "retired":
      return `${w} retires to ${RETIRE_PLACES[e.where] || humanize(e.where)}.`;
    case "game_over": {
      const names = (e.winners || []).map(who);
      if (names.length === 1) return `The game is over: ${names[0]} wins!`;
      if (!names.length) return "The game is over.";
      return `The game is over: ${listWords(names)} tie for first.`;
    }
    case "card_drawn":
      return `${w} draws a ${DECKS[e.deck] || `${humanize(e.deck)} card`}.`;
    case "card_played":
      return `${w} plays a ${humanize(e.kind).toLowerCase()} card.`;
    case "bet_placed":
      return e.stake
        ? `${w} bets ${money(e.stake)} on ${e.number}.`
        : `${w} puts a token on ${e.number}.`;
    case "sued":
      return `${w} sues ${who(e.target)} for ${money(e.amount)}.`;
    case "raise_given":
      return `${w} gets a ${money(e.amount)} raise.`;
    case "policy_bought":
      return `${w} buys ${e.kind === "auto" ? "car" : e.kind} insurance for ${money(e.price)}.`;
    case "policy_lost":
      return `${w}'s ${e.kind === "auto" ? "car" : e.kind} insurance lapses.`;
    case "bridge_owned":
      return `${w} now owns the toll bridge${spaceNumber(e.space)}.`;
    case "sent_back": {
      const path = e.path || [];
      const to = path.length ? ` to ${board.spaceText(path[path.length - 1])}` : "";
      return `${w} sends ${who(e.target)} back${to}.`;
    }
    case "lucky_number":
      return `${w} picks ${e.number} as a lucky number.`;
    case "tycoon_bet":
      return `${w} bets everything on ${e.number} to be the Tycoon.`;
    default:
      // A newer server may know events this page does not: say what we can.
      return typeof e.seat === "number" ? `${w}: ${humanize(e.type)}.` : `${humanize(e.type)}.`;
  }
}

/** The seat an event is about (for its colour chip in the log), or null. */
export function eventSeat(e) {
  for (const key of ["seat", "payer", "payee"]) {
    if (typeof e[key] === "number" && e[key] >= 0) return e[key];
  }
  return null;
}

/** Every event type this narrator has words for (the tests check the list). */
export const NARRATED = [
  "turn_started", "started", "spun", "moved", "payday_passed", "transfer", "borrowed",
  "repaid", "tile_taken", "tiles_handed_in", "cards_dealt", "career_taken", "salary_taken",
  "salary_traded", "married", "new_baby", "house_bought", "house_sold", "insurance_bought",
  "stock_gained", "stock_lost", "turn_skipped", "retired", "game_over", "card_drawn",
  "card_played", "bet_placed", "sued", "raise_given", "policy_bought", "policy_lost",
  "bridge_owned", "sent_back", "lucky_number", "tycoon_bet",
];

/** " (space 58)" for a board's numbered spaces; nothing for internal ids ("M58"). */
function spaceNumber(id) {
  return /^\d+$/.test(String(id)) ? ` (space ${id})` : "";
}
