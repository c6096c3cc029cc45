// Each player's panel: cash, loans, career, salary, insurance, family,
// where they are, retired where; and what they hold as cards, the way the
// physical game lays them out in front of each player: the house deed, the
// stock certificates, the LIFE tiles face down and (2005) the Share the
// Wealth cards, face up for your own hand, backs for everyone else's.
// Built from view.players; the seat to decide is marked in words, not only colour.

import { RETIRE_PLACES } from "./edition.js";
import { h, humanize, money, plural, replaceChildren, seatColour, seatTag, textOn } from "./util.js";

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
  const cover = [];
  if (p.auto_insurance) cover.push("car");
  if (p.home_insurance) cover.push("home");
  for (const x of p.policies || []) if (!cover.includes(x)) cover.push(x === "auto" ? "car" : x);
  row("Insurance", cover.length ? cover.join(", ") : "none");
  const family = [p.spouse ? "married" : "single"];
  if (p.children) family.push(plural(p.children, "child", "children"));
  row("Family", family.join(", "));
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
  if (ctx.away?.has(p.seat)) badges.push(h("span", { class: "badge badge-away" }, "Away: a bot plays"));
  else if (!isBot && connected === 0) {
    badges.push(h("span", { class: "badge badge-away" }, "Away"));
    if (ctx.onHandOver && !mine && !p.retired) {
      badges.push(h("button", {
        type: "button", class: "small secondary hand-over", onclick: () => ctx.onHandOver(p.seat, p.name),
        "aria-label": `Let a bot play for ${p.name} until they come back`,
      }, "Bot plays"));
    }
  }

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
  h("dl", {}, rows),
  holdings(p, view, ctx, mine));
}

/** The player's cards: house, stocks, LIFE tiles, Share the Wealth. */
function holdings(p, view, ctx, mine) {
  const { board } = ctx;
  const cards = [];
  if (p.house) {
    const x = board.houseById.get(p.house);
    cards.push(h("li", { class: "hold-card house-card", "aria-label": `House: ${p.house_name || board.houseName(p.house)}${x ? `, bought for ${money(x.price)}` : ""}` },
      h("span", { class: "card-kind", "aria-hidden": "true" }, "⌂ Deed"),
      h("span", { class: "card-name" }, p.house_name || board.houseName(p.house)),
      x ? h("span", { class: "card-amount" }, money(x.price)) : null));
  }
  for (const n of p.stocks || []) {
    cards.push(h("li", { class: "hold-card stock-card", "aria-label": `Stock ${n}` },
      h("span", { class: "card-kind", "aria-hidden": "true" }, "Stock"),
      h("span", { class: "card-big" }, `#${n}`)));
  }
  if (p.life_tiles) {
    cards.push(h("li", { class: "hold-card life-card", "aria-label": plural(p.life_tiles, "LIFE tile") + " (face down)" },
      h("span", { class: "card-kind", "aria-hidden": "true" }, "LIFE"),
      h("span", { class: "card-big" }, `×${p.life_tiles}`)));
  }
  const hand = mine && Array.isArray(view.hand) ? view.hand : null;
  if (hand) {
    for (const id of hand) {
      const kind = board.data.wealth_kinds?.[id]?.kind || id;
      cards.push(h("li", { class: `hold-card wealth-card wealth-${kind}`, dataset: { card: id }, "aria-label": `Share the Wealth card: ${WEALTH_WORDS[kind] || humanize(kind)}` },
        h("span", { class: "card-kind", "aria-hidden": "true" }, "Share the Wealth"),
        h("span", { class: "card-name" }, WEALTH_WORDS[kind] || humanize(kind))));
    }
  } else if (p.wealth_cards) {
    cards.push(h("li", { class: "hold-card wealth-card wealth-back", "aria-label": `${plural(p.wealth_cards, "Share the Wealth card")} (face down)` },
      h("span", { class: "card-kind", "aria-hidden": "true" }, "Share the Wealth"),
      h("span", { class: "card-big" }, `×${p.wealth_cards}`)));
  }
  if (!cards.length) return null;
  return h("ul", { class: "holdings", "aria-label": `${p.name} holds` }, cards);
}

// What each kind of Share the Wealth card does, in a few words.
const WEALTH_WORDS = {
  collect: "Collect: another player pays you",
  pay: "Pay: hand it on, or pay",
  exemption: "Exemption: skip one payment",
  boost: "Spin to Win: extra tokens",
};
