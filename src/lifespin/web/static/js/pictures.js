// Pictures and short words for the board's spaces, the cars and the cards,
// all drawn here as SVG (no images, no fonts with pictures). A space's
// picture is chosen by its effect, the engine's registry name sent with the
// board (GET /editions/{name}: effect, effect_label, icon, amount, count...),
// so every edition, a user-written one too, gets them with no page code of
// its own; an effect this file does not know is drawn as the registry's icon.

import { compactMoney, svg } from "./util.js";

/**
 * Shapes in a box from -1 to 1 (scaled by the caller), drawn with `ink` on
 * the space's fill: lines are strokes, solids are filled with `ink`.
 */
const line = (d, ink, w = 0.16) => svg("path", { d, fill: "none", stroke: ink, "stroke-width": w, "stroke-linecap": "round", "stroke-linejoin": "round" });
const solid = (d, ink) => svg("path", { d, fill: ink });
const dot = (cx, cy, r, ink) => svg("circle", { cx, cy, r, fill: ink });
const ring = (cx, cy, r, ink, w = 0.16) => svg("circle", { cx, cy, r, fill: "none", stroke: ink, "stroke-width": w });

const note = (ink, sign) => [
  svg("rect", { x: -0.95, y: -0.55, width: 1.9, height: 1.1, rx: 0.15, fill: "none", stroke: ink, "stroke-width": 0.14 }),
  ring(0, 0, 0.3, ink, 0.12),
  sign === "+" ? line("M-0.75 -0.05 H-0.45 M-0.6 -0.2 V0.1", ink, 0.1) : null,
  sign === "-" ? line("M-0.75 -0.05 H-0.45", ink, 0.1) : null,
];
const house = (ink) => [line("M-0.8 -0.05 L0 -0.8 L0.8 -0.05", ink), line("M-0.55 -0.25 V0.75 H0.55 V-0.25", ink), solid("M-0.15 0.75 V0.3 H0.15 V0.75 Z", ink)];
const briefcase = (ink) => [svg("rect", { x: -0.85, y: -0.35, width: 1.7, height: 1.1, rx: 0.15, fill: ink }), line("M-0.3 -0.35 V-0.65 H0.3 V-0.35", ink, 0.14)];
const cap = (ink) => [solid("M-1 -0.2 L0 -0.65 L1 -0.2 L0 0.25 Z", ink), line("M-0.55 0.05 V0.5 Q0 0.8 0.55 0.5 V0.05", ink, 0.14), line("M0.85 -0.15 V0.45", ink, 0.08)];
const arrowRound = (ink) => [line("M0.65 -0.2 A0.7 0.7 0 1 0 0.55 0.45", ink), solid("M0.95 -0.35 L0.65 0.15 L0.3 -0.3 Z", ink)];
const chart = (ink, up) => [line("M-0.85 -0.85 V0.8 H0.9", ink, 0.12),
  line(up ? "M-0.6 0.45 L-0.15 0 L0.15 0.2 L0.7 -0.5" : "M-0.6 -0.45 L-0.15 0 L0.15 -0.2 L0.7 0.5", ink),
  solid(up ? "M0.85 -0.7 L0.8 -0.25 L0.45 -0.55 Z" : "M0.85 0.7 L0.8 0.25 L0.45 0.55 Z", ink)];
const shield = (ink) => [solid("M0 -0.85 L0.75 -0.55 V0 Q0.75 0.6 0 0.9 Q-0.75 0.6 -0.75 0 V-0.55 Z", ink)];
const star = (ink, r = 0.9) => {
  const pts = [];
  for (let i = 0; i < 10; i++) {
    const a = (Math.PI / 5) * i - Math.PI / 2;
    const k = i % 2 ? r * 0.45 : r;
    pts.push(`${(Math.cos(a) * k).toFixed(3)},${(Math.sin(a) * k).toFixed(3)}`);
  }
  return svg("polygon", { points: pts.join(" "), fill: ink });
};
const baby = (ink, x = 0, s = 1) => [dot(x, -0.35 * s, 0.32 * s, ink), solid(`M${x - 0.45 * s} ${0.85 * s} Q${x - 0.5 * s} ${0.05 * s} ${x} ${0.02 * s} Q${x + 0.5 * s} ${0.05 * s} ${x + 0.45 * s} ${0.85 * s} Z`, ink)];
const wheel = (ink) => [ring(0, 0, 0.85, ink, 0.12), line("M0 -0.85 V0.85 M-0.85 0 H0.85 M-0.6 -0.6 L0.6 0.6 M0.6 -0.6 L-0.6 0.6", ink, 0.07), solid("M-0.15 -1 H0.15 L0 -0.7 Z", ink)];

/** Drawings by effect name (the registry's); each returns SVG nodes. */
const DRAW = {
  start: (ink) => [line("M-0.55 0.9 V-0.85", ink), solid("M-0.45 -0.85 H0.75 L0.45 -0.5 L0.75 -0.15 H-0.45 Z", ink)],
  payday: (ink) => note(ink, ""),
  collect: (ink) => note(ink, "+"),
  collect_spin: (ink) => [...note(ink, "+")],
  tax_refund: (ink) => note(ink, "+"),
  pay: (ink) => note(ink, "-"),
  taxes_due: (ink) => [...note(ink, "-")],
  toll_bridge: (ink) => [line("M-0.95 0.45 Q0 -0.55 0.95 0.45", ink), line("M-0.95 0.45 H0.95 M-0.5 0.45 V0.05 M0 0.45 V-0.05 M0.5 0.45 V0.05", ink, 0.1)],
  life_tile: (ink) => [svg("rect", { x: -0.7, y: -0.85, width: 1.4, height: 1.7, rx: 0.18, fill: "none", stroke: ink, "stroke-width": 0.14 }), star(ink, 0.5)],
  baby: (ink, s) => ((s.count || 1) > 1 ? [...baby(ink, -0.45, 0.85), ...baby(ink, 0.45, 0.85)] : baby(ink)),
  marry: (ink) => [ring(-0.3, 0.1, 0.45, ink, 0.14), ring(0.3, 0.1, 0.45, ink, 0.14), solid("M0.3 -0.5 L0.45 -0.75 L0.15 -0.75 Z", ink)],
  career_choice: (ink) => briefcase(ink),
  take_career: (ink) => briefcase(ink),
  graduate: (ink) => cap(ink),
  night_school: (ink) => cap(ink),
  buy_house: (ink) => house(ink),
  sell_buy_house: (ink) => house(ink),
  lose_job: (ink) => [...briefcase(ink), line("M-0.9 -0.9 L0.9 0.9", ink, 0.14)],
  trade_salary: (ink) => [line("M-0.8 -0.3 H0.7", ink), solid("M0.95 -0.3 L0.55 -0.6 V0 Z", ink), line("M0.8 0.35 H-0.7", ink), solid("M-0.95 0.35 L-0.55 0.05 V0.65 Z", ink)],
  spin_again: (ink) => arrowRound(ink),
  spin_again_unless_leading: (ink) => arrowRound(ink),
  stock_soars: (ink) => chart(ink, true),
  stock_crash: (ink) => chart(ink, false),
  miss_turn: (ink) => [solid("M-0.55 -0.8 H-0.15 V0.8 H-0.55 Z M0.15 -0.8 H0.55 V0.8 H0.15 Z", ink)],
  retire: (ink) => [line("M-0.95 0.6 H0.95", ink, 0.12), solid("M-0.55 0.6 A0.55 0.55 0 0 1 0.55 0.6 Z", ink), line("M0 -0.3 V-0.75 M-0.6 -0.05 L-0.85 -0.3 M0.6 -0.05 L0.85 -0.3", ink, 0.12)],
  spin_to_win: (ink) => wheel(ink),
  gamble: (ink) => [svg("rect", { x: -0.7, y: -0.7, width: 1.4, height: 1.4, rx: 0.25, fill: "none", stroke: ink, "stroke-width": 0.14 }), dot(-0.35, -0.35, 0.13, ink), dot(0, 0, 0.13, ink), dot(0.35, 0.35, 0.13, ink)],
  lawsuit: (ink) => [solid("M-0.75 -0.35 L-0.25 -0.85 L0.1 -0.5 L-0.4 0 Z", ink), line("M-0.2 -0.2 L0.75 0.75", ink), line("M-0.95 0.9 H0.2", ink, 0.12)],
  share_the_wealth: (ink) => [svg("rect", { x: -0.75, y: -0.9, width: 1.1, height: 1.5, rx: 0.12, fill: "none", stroke: ink, "stroke-width": 0.12 }), svg("rect", { x: -0.3, y: -0.55, width: 1.1, height: 1.5, rx: 0.12, fill: ink })],
  crossroads: (ink) => [line("M0 0.9 V-0.1 L-0.65 -0.8 M0 -0.1 L0.65 -0.8", ink)],
  offer_insurance: (ink) => shield(ink),
  lose_insurance: (ink) => [...shield(ink), line("M-0.9 -0.9 L0.9 0.9", ink, 0.14)],
  revenge: (ink) => [solid("M0.2 -0.95 L-0.55 0.1 H-0.05 L-0.25 0.95 L0.55 -0.15 H0.05 Z", ink)],
  jump: (ink) => [line("M-0.8 0.6 Q0 -1 0.65 0.3", ink), solid("M0.95 0.05 L0.75 0.7 L0.3 0.25 Z", ink)],
  reckoning: (ink) => [line("M0 -0.85 V0.8 M-0.5 0.8 H0.5 M-0.8 -0.55 H0.8", ink, 0.12), line("M-0.8 -0.55 L-1 0 H-0.55 Z M0.8 -0.55 L1 0 H0.55 Z", ink, 0.08)],
};

/**
 * A space's picture, centred on 0,0, `size` across.
 * @param {object} space - a board space (effect, icon, count, ...)
 * @param {string} ink - the colour to draw with (chosen against the fill)
 */
export function spacePicture(space, ink, size) {
  const draw = DRAW[space.effect];
  const g = svg("g", { class: "picture", transform: `scale(${size / 2})`, "aria-hidden": "true" });
  if (draw) g.append(...draw(ink, space).flat().filter(Boolean));
  else g.append(svg("text", { class: "glyph", fill: ink, y: 0.05, "font-size": 1.6, text: space.icon || "?" }));
  return g;
}

/** True when this file has a drawing for the effect (else the registry's icon is shown). */
export function hasPicture(effect) {
  return Object.hasOwn(DRAW, effect);
}

// A few words for each effect where its registry label is long; amounts are
// added from the space itself ("PAY $5K", "+$10K").
const SHORT = {
  start: "START", payday: "PAY DAY", life_tile: "LIFE", marry: "WEDDING",
  career_choice: "CAREER", take_career: "CAREER", buy_house: "HOUSE", sell_buy_house: "HOUSE",
  lose_job: "FIRED", night_school: "SCHOOL", trade_salary: "SWAP", spin_again: "SPIN",
  spin_again_unless_leading: "SPIN?", stock_soars: "STOCK ↑", stock_crash: "STOCK ↓",
  miss_turn: "MISS", retire: "RETIRE", spin_to_win: "SPIN WIN", lawsuit: "SUE",
  share_the_wealth: "SHARE", graduate: "GRADUATE", crossroads: "FORK", offer_insurance: "INSURE",
  lose_insurance: "LAPSE", gamble: "GAMBLE", revenge: "REVENGE", jump: "DETOUR",
  reckoning: "RECKON", taxes_due: "TAXES", tax_refund: "REFUND", toll_bridge: "TOLL",
};

const BABIES = { 1: "BABY", 2: "TWINS", 3: "TRIPLETS" };

/** The few words printed on a space: its kind, and its amount where it has one. */
export function spaceWords(space) {
  const amount = Number(space.amount) || 0;
  switch (space.effect) {
    case "pay":
      return amount ? `−${compactMoney(amount)}` : "PAY";
    case "collect":
    case "collect_spin":
      return amount ? `+${compactMoney(amount)}` : "COLLECT";
    case "baby":
      return BABIES[space.count] || `${space.count} KIDS`;
    case "lawsuit":
    case "taxes_due":
    case "toll_bridge":
      return SHORT[space.effect];
    default:
      if (SHORT[space.effect]) return SHORT[space.effect];
      return String(space.effect_label || space.effect).split(" ")[0].slice(0, 8).toUpperCase();
  }
}

// Pegs in a car: the driver, then a spouse, then up to six children, in
// holes of two rows, front to back.
const HOLES = [[0.16, -0.09], [0.16, 0.09], [0.02, -0.09], [0.02, 0.09], [-0.12, -0.09], [-0.12, 0.09], [-0.26, -0.09], [-0.26, 0.09]];
export const MAX_CHILD_PEGS = 6;
const PEG_PERSON = "#ffffff";
const PEG_SPOUSE = "#f7a8c8";
const PEG_CHILD = ["#8fd0ff", "#f7a8c8"];

/**
 * A car seen from above, facing right, in the seat's colour, with a peg for
 * the driver, the spouse and each child (up to six; more are "+n").
 * @returns {SVGGElement} the car's body (pegs redrawn by `setPegs`)
 */
export function carBody(colour, ink, seatNumber) {
  const g = svg("g", { class: "car-shape" });
  g.append(
    svg("rect", { class: "car-glow", x: -0.44, y: -0.29, width: 0.86, height: 0.58, rx: 0.2 }),
    svg("rect", { class: "car-body", x: -0.38, y: -0.23, width: 0.74, height: 0.46, rx: 0.14, fill: colour }),
    svg("text", { class: "car-number", x: 0.33, y: 0.005, fill: ink, text: String(seatNumber) }),
    svg("g", { class: "pegs" }),
  );
  return g;
}

/** Put the family's pegs in a car drawn by `carBody`. */
export function setPegs(car, { spouse = false, children = 0 } = {}) {
  const pegs = car.querySelector(".pegs");
  pegs.replaceChildren();
  const fill = [PEG_PERSON];
  if (spouse) fill.push(PEG_SPOUSE);
  const kids = Math.min(children, MAX_CHILD_PEGS);
  for (let i = 0; i < kids; i++) fill.push(PEG_CHILD[i % 2]);
  HOLES.forEach(([x, y], i) => {
    const peg = fill[i];
    pegs.append(svg("circle", { cx: x, cy: y, r: 0.05, class: peg ? "peg" : "hole", fill: peg || "none" }));
  });
  if (children > MAX_CHILD_PEGS) {
    pegs.append(svg("text", { class: "peg-more", x: -0.05, y: 0.33, text: `+${children - MAX_CHILD_PEGS}` }));
  }
  pegs.dataset.pegs = String(fill.length);
}
