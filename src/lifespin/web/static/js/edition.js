// The edition's board (GET /editions/{name}) with lookups by id, and the
// wording that depends on it: space, career, house, salary and stock names.

import { humanize, money } from "./util.js";

/** Where a retired player settles, in the board's words. */
export const RETIRE_PLACES = {
  estates: "Millionaire Estates",
  countryside: "Countryside Acres",
  acres: "Millionaire Acres",
  poor_farm: "the Poor Farm",
  tycoon: "Millionaire Acres as a Tycoon",
};

/** What each space effect means, for tooltips and the legend. */
export const EFFECT_WORDS = {
  start: "Start",
  collect: "Collect money",
  pay: "Pay money",
  payday: "Payday",
  payday_raise: "Payday (with a raise)",
  life_tile: "LIFE tile",
  baby: "Baby",
  marry: "Get married",
  buy_house: "Buy a house",
  sell_buy_house: "Sell or buy a house",
  career_choice: "Choose a career",
  take_career: "Take a career",
  night_school: "Night school",
  lose_job: "Lose your job",
  trade_salary: "Trade salaries",
  spin_again_unless_leading: "Spin again unless leading",
  spin_again: "Spin again",
  taxes_due: "Taxes due",
  tax_refund: "Tax refund",
  miss_turn: "Miss a turn",
  stock_soars: "Stock market soars",
  stock_crash: "Stock market crash",
  retire: "Retire",
  crossroads: "Crossroads",
  graduate: "Graduation",
  spin_to_win: "Spin to Win",
  lawsuit: "Lawsuit",
  share_the_wealth: "Share the Wealth card",
  gamble: "Gamble",
  revenge: "Revenge",
  collect_spin: "Spin to collect",
  offer_insurance: "Insurance offer",
  lose_insurance: "Insurance lapses",
  jump: "Detour",
  toll_bridge: "Toll bridge",
  reckoning: "Day of Reckoning",
};

// A short glyph per effect, drawn inside the space, so colour is never the
// only signal. Only characters every system font has.
const EFFECT_GLYPHS = {
  start: "▶", collect: "+", pay: "−", payday: "$", payday_raise: "$", life_tile: "★",
  baby: "b", marry: "♥", buy_house: "⌂", sell_buy_house: "⌂", career_choice: "C",
  take_career: "C", night_school: "N", lose_job: "×", trade_salary: "⇄",
  spin_again_unless_leading: "↻", spin_again: "↻", taxes_due: "T", tax_refund: "T",
  miss_turn: "‖", stock_soars: "↑", stock_crash: "↓", retire: "R", crossroads: "Y",
  graduate: "G", spin_to_win: "?", lawsuit: "§", share_the_wealth: "W", gamble: "?",
  revenge: "!", collect_spin: "+", offer_insurance: "I", lose_insurance: "I",
  jump: "↷", toll_bridge: "B", reckoning: "D",
};

export class BoardModel {
  /** @param {object} board - GET /editions/{name} */
  constructor(board) {
    this.data = board;
    this.spaces = board.spaces;
    this.spaceById = new Map(board.spaces.map((s) => [s.id, s]));
    this.careerById = new Map(board.careers.map((c) => [c.id, c]));
    this.houseById = new Map(board.houses.map((x) => [x.id, x]));
    this.salaryById = new Map(board.salaries.map((x) => [x.id, x]));
    this.stockById = new Map(board.stocks.map((x) => [x.id, x]));
    this.colours = (board.display && board.display.colours) || {};
  }

  space(id) {
    return this.spaceById.get(String(id));
  }

  spaceLabel(id) {
    const s = this.space(id);
    return s ? s.label : `space ${id}`;
  }

  /** "48: Floodwater in the basement" (numbered spaces), or the label. */
  spaceText(id) {
    const s = this.space(id);
    if (!s) return `space ${id}`;
    return /^\d+$/.test(s.id) ? `${s.id}: ${s.label}` : s.label;
  }

  careerName(id) {
    const c = this.careerById.get(id);
    return c ? c.name : humanize(id);
  }

  houseName(id) {
    const x = this.houseById.get(id);
    return x ? x.name : humanize(id);
  }

  /** The number a stock pays on ("stock3" -> 3; ids the board lacks as they are). */
  stockNumber(id) {
    const x = this.stockById.get(id);
    return x ? x.number : id;
  }

  salaryAmount(id) {
    const x = this.salaryById.get(id);
    return x ? x.amount : null;
  }

  /** A space's fill: display.colours[effect], else "other"; STOP uses the effect's colour too. */
  colour(space) {
    return this.colours[space.effect] || this.colours.other || "#b8c2cc";
  }

  stopColour() {
    return this.colours.stop || "#c0392b";
  }

  glyph(space) {
    return EFFECT_GLYPHS[space.effect] || "•";
  }

  /** A space in words, for its tooltip: label, effect, amount, STOP. */
  describeSpace(space) {
    const parts = [space.label];
    const what = EFFECT_WORDS[space.effect] || humanize(space.effect);
    let detail = what;
    if (space.amount) {
      detail += ` ${money(space.amount)}${space.per_child ? " per child" : ""}`;
    }
    if (space.borrow) detail += ` (borrow ${money(space.borrow)})`;
    if (space.waived_by) detail += ` (free with ${space.waived_by} insurance)`;
    if (space.payee) detail += ` (paid to the ${this.careerName(space.payee)})`;
    parts.push(detail);
    if (space.branch) parts.push(`Lane: ${space.branch}`);
    if (space.stop) parts.push("STOP: every car stops here");
    if (/^\d+$/.test(space.id)) parts.unshift(`Space ${space.id}`);
    return parts.join(" — ");
  }

  /** A space in a few words, for a button's hint: "Checkups for the whole family (pay $5,000)". */
  shortSpace(space) {
    let what = "";
    if (space.effect === "pay" && space.amount) what = `pay ${money(space.amount)}`;
    else if (space.effect === "collect" && space.amount) what = `collect ${money(space.amount)}`;
    else if (space.effect !== "start") what = (EFFECT_WORDS[space.effect] || humanize(space.effect)).toLowerCase();
    if (space.per_child && what) what += " per child";
    const label = space.label;
    return what && !label.toLowerCase().includes(what.toLowerCase()) ? `${label} (${what})` : label;
  }

  /** The start spaces (no space leads to them). */
  starts() {
    const targets = new Set(this.spaces.flatMap((s) => s.next));
    return this.spaces.filter((s) => !targets.has(s.id));
  }
}
