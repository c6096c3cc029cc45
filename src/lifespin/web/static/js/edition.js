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
    return s ? s.label : "a space this board does not have";
  }

  /** How many spaces carry a number on the printed board (0: none do). */
  numberedCount() {
    return this.spaces.filter((s) => /^\d+$/.test(s.id)).length;
  }

  /** "48: Floodwater in the basement" (numbered spaces), or the label. */
  spaceText(id) {
    const s = this.space(id);
    if (!s) return "a space this board does not have";
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

  /** The effect's symbol (from the engine's registry, sent with the board). */
  glyph(space) {
    return space.icon;
  }

  /** A space in words, for its tooltip: label, what it does with its amounts, STOP. */
  describeSpace(space) {
    const parts = [space.label];
    parts.push(`${space.effect_label}: ${space.says}`);
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
    else if (space.effect !== "start") what = space.effect_label.toLowerCase();
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
