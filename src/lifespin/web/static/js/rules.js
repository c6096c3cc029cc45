// The rules page: /rules/{edition}. Written entirely from the edition's data
// (GET /editions/{name} and the list's house rules): the equipment, every
// kind of space on the board with its picture and what it does, the careers,
// houses, stocks, LIFE tiles and Share the Wealth cards, each house rule with
// its default, and the choices the edition's authors made where the sources
// disagree. A user-written edition gets its rules page with no code of its own.

import { getBoard, getEditions } from "./api.js";
import { BoardModel } from "./edition.js";
import { optionValueText } from "./options.js";
import { spacePicture } from "./pictures.js";
import { deadEndText, gameIdFromPath, h, humanize, money, plural, replaceChildren, showDeadEnd, svg, textOn } from "./util.js";

const els = {
  title: document.getElementById("game-title"),
  problem: document.getElementById("problem"),
  main: document.getElementById("rules"),
};

init().catch((err) => showDeadEnd({ ...deadEndText(err), problem: els.problem, title: els.title }));

async function init() {
  const name = gameIdFromPath("rules");
  const editions = await getEditions();
  const summary = editions.find((e) => e.name === name);
  if (!summary) {
    showDeadEnd({ heading: "No such edition", text: `There is no edition called ${name}; known: ${editions.map((e) => e.name).join(", ")}.`, problem: els.problem, title: els.title });
    return;
  }
  const model = new BoardModel(await getBoard(name));
  const b = model.data;
  els.title.textContent = `Rules: ${b.title}`;
  document.title = `lifespin — rules of ${b.title}`;
  replaceChildren(els.main,
    section("About this edition", h("p", {}, b.summary || b.title), b.era ? h("p", { class: "help" }, `Era: ${b.era}. Version ${b.version}.`) : null),
    section("The game", h("ul", {},
      h("li", {}, `${b.min_players} to ${b.max_players} players; each starts with ${money(b.start_cash)}.`),
      h("li", {}, `Spin the wheel (1 to ${b.spinner}) and move that many spaces; STOP spaces stop every car, whatever the spin.`),
      b.loan_amount ? h("li", {}, `Loans come in notes of ${money(b.loan_amount)}, repaid at ${money(b.loan_payback)} each.`) : null,
      b.stock_price ? h("li", {}, `A stock costs ${money(b.stock_price)} and pays ${money(b.stock_payout)} whenever anyone spins its number.`) : null,
      h("li", {}, "The richest player at the end wins: cash, plus LIFE tiles, less loans."))),
    section("The spaces", spaceKinds(model)),
    b.careers.length ? section("Careers", careers(b)) : null,
    b.houses.length ? section("Houses", houses(b)) : null,
    b.life_tiles?.count ? section("LIFE tiles", h("p", {}, `${plural(b.life_tiles.count, "tile")}, worth ${tileRange(b.life_tiles.values)}; kept face down until the end.`)) : null,
    Object.keys(b.wealth_cards || {}).length ? section("Share the Wealth cards", wealth(b)) : null,
    section("House rules", houseRules(summary)),
    b.choices?.length ? section("Where the sources disagree", choices(b, summary)) : null);
}

function section(title, ...body) {
  const id = `rules-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), body);
}

function spaceKinds(model) {
  const kinds = new Map();
  for (const s of model.spaces) {
    if (!kinds.has(s.effect)) kinds.set(s.effect, []);
    kinds.get(s.effect).push(s);
  }
  const stops = model.spaces.filter((s) => s.stop).length;
  return [
    h("ul", { class: "kinds" }, [...kinds].map(([effect, list]) => {
      const s = list[0];
      const fill = model.colour(s);
      return h("li", { dataset: { effect } },
        svg("svg", { viewBox: "-0.5 -0.5 1 1", class: "kind-pic", style: { background: fill }, "aria-hidden": "true" }, spacePicture(s, textOn(fill), 0.7)),
        h("div", {}, h("strong", {}, s.effect_label), ` (${plural(list.length, "space")})`, h("br"), h("span", { class: "help" }, s.says)));
    })),
    stops ? h("p", {}, `${plural(stops, "STOP space")} (red octagons): ${model.spaces.filter((s) => s.stop).map((s) => s.label).join("; ")}.`) : null,
  ];
}

function careers(b) {
  return h("div", { class: "table-wrap" }, h("table", {},
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Career"), h("th", { scope: "col" }, "Degree"), h("th", { scope: "col", class: "num" }, "Salary"))),
    h("tbody", {}, b.careers.map((c) => h("tr", {},
      h("th", { scope: "row" }, c.name), h("td", {}, c.degree ? "needed" : "no"),
      h("td", { class: "num" }, c.salary ? money(c.salary) : c.max_salary ? `up to ${money(c.max_salary)}` : "from the salary cards"))))));
}

function houses(b) {
  return h("div", { class: "table-wrap" }, h("table", {},
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "House"), h("th", { scope: "col", class: "num" }, "Price"), h("th", { scope: "col", class: "num" }, "Insurance"))),
    h("tbody", {}, b.houses.map((x) => h("tr", {},
      h("th", { scope: "row" }, x.name), h("td", { class: "num" }, money(x.price)),
      h("td", { class: "num" }, x.insurance ? money(x.insurance) : "—"))))));
}

function tileRange(values) {
  if (!values.length) return "nothing";
  return `${money(Math.min(...values))} to ${money(Math.max(...values))}`;
}

const WEALTH = {
  collect: "collect money from another player",
  pay: "hand a payment on to another player",
  exemption: "skip a payment you would have made",
  boost: "extra tokens at Spin to Win",
};

function wealth(b) {
  const byKind = new Map();
  for (const [id, n] of Object.entries(b.wealth_cards)) {
    const kind = b.wealth_kinds?.[id]?.kind || id;
    byKind.set(kind, (byKind.get(kind) || 0) + n);
  }
  return h("ul", {}, [...byKind].map(([kind, n]) => h("li", {}, `${plural(n, `${humanize(kind).toLowerCase()} card`)}: ${WEALTH[kind] || humanize(kind)}.`)));
}

function houseRules(summary) {
  if (!summary.options.length) return h("p", {}, "This edition has no house rules.");
  return h("dl", {}, summary.options.flatMap((o) => [
    h("dt", {}, humanize(o.name)),
    h("dd", {}, o.description, " ", h("em", {}, `Default: ${optionValueText(o, o.default)}.`),
      o.type === "choice" ? h("span", { class: "help" }, ` Choices: ${o.choices.map((c) => optionValueText(o, c)).join(", ")}.`) : null),
  ]));
}

function choices(b, summary) {
  return h("dl", {}, b.choices.flatMap((c) => {
    const opt = summary.options.find((o) => o.name === c.option);
    return [
      h("dt", {}, c.topic),
      h("dd", {}, h("p", {}, c.choice), h("p", { class: "help" }, c.why),
        opt ? h("p", { class: "help" }, `House rule: ${humanize(opt.name)}.`) : null),
    ];
  }));
}
