// Each player's panel: cash, loans, career, salary, house, insurance,
// stocks, family, LIFE tiles, where they are, retired where. Built from
// view.players; the seat to decide is marked in words, not only colour.

import { RETIRE_PLACES } from "./edition.js";
import { h, money, plural, replaceChildren, seatColour, seatTag, textOn } from "./util.js";

/**
 * @param {HTMLElement} container
 * @param {object} view - a State.view
 * @param {{board: import("./edition.js").BoardModel, mySeat: number|null,
 *          seats?: object[], presence?: Map<number, number>}} ctx
 */
export function renderPlayers(container, view, ctx) {
  const deciding = view.decision && !view.decision.chance ? view.decision.seat : null;
  const cards = view.players.map((p) => playerCard(p, view, ctx, deciding));
  replaceChildren(container, cards);
}

function playerCard(p, view, ctx, deciding) {
  const { board } = ctx;
  const colour = seatColour(p.seat);
  const seatInfo = ctx.seats?.[p.seat];
  const isBot = seatInfo?.kind === "bot";
  const mine = ctx.mySeat === p.seat;
  const rows = [];
  const row = (label, value) => rows.push(h("dt", {}, label), h("dd", {}, value));

  row("Cash", money(p.cash));
  if (p.loans) row("Loans", `${plural(p.loans, "loan")} (owes ${money(p.debt)})`);
  const career = p.career_name || (p.career ? board.careerName(p.career) : null);
  const second = p.second_career ? ` + ${board.careerName(p.second_career)}` : "";
  let careerText = "—";
  if (career) careerText = `${career}${second}${p.degree ? " (degree)" : ""}`;
  else if (p.retired) careerText = "Retired";
  else if (p.degree) careerText = "Student (degree)";
  row("Career", careerText);
  if (p.salary !== null && p.salary !== undefined) {
    row("Salary", `${money(p.salary)}${p.taxes ? ` (taxes ${money(p.taxes)})` : ""}`);
  }
  row("House", p.house_name || (p.house ? board.houseName(p.house) : "—"));
  const cover = [];
  if (p.auto_insurance) cover.push("car");
  if (p.home_insurance) cover.push("home");
  for (const x of p.policies || []) if (!cover.includes(x)) cover.push(x === "auto" ? "car" : x);
  row("Insurance", cover.length ? cover.join(", ") : "none");
  row("Stocks", p.stocks && p.stocks.length ? p.stocks.map((n) => `#${n}`).join(", ") : "none");
  const family = [p.spouse ? "married" : "single"];
  if (p.children) family.push(plural(p.children, "child", "children"));
  row("Family", family.join(", "));
  row("LIFE tiles", String(p.life_tiles));
  if (p.wealth_cards) row("Cards", String(p.wealth_cards));
  row("Where", p.retired
    ? `Retired to ${RETIRE_PLACES[p.retired] || p.retired}`
    : p.space ? board.spaceText(p.space) : "Not started");

  const badges = [];
  if (deciding === p.seat) badges.push(h("span", { class: "badge badge-turn" }, mine ? "Your turn" : "To play"));
  if (mine) badges.push(h("span", { class: "badge" }, "You"));
  if (isBot) badges.push(h("span", { class: "badge badge-bot" }, `Bot${seatInfo.difficulty ? ` · ${seatInfo.difficulty}` : ""}`));
  if (p.misses_next_turn) badges.push(h("span", { class: "badge" }, "Misses next turn"));
  if (p.retired) badges.push(h("span", { class: "badge" }, "Retired"));
  const connected = ctx.presence?.get(p.seat);
  if (!isBot && connected === 0) badges.push(h("span", { class: "badge badge-away" }, "Away"));

  return h("article", {
    class: `player${deciding === p.seat ? " deciding" : ""}${mine ? " mine" : ""}`,
    style: { "--seat": colour },
    "aria-label": `${p.name}, ${seatTag(p.seat)}${deciding === p.seat ? ", to play" : ""}`,
    dataset: { seat: p.seat },
  },
  h("header", {},
    h("span", { class: "seat-chip", style: { background: colour, color: textOn(colour) }, "aria-hidden": "true" }, String(p.seat + 1)),
    h("h3", {}, p.name),
    h("span", { class: "badges" }, badges)),
  h("dl", {}, rows));
}
