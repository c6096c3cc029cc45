// The board as SVG: the track (from layout.js), each space a tile coloured
// by its effect with a picture and a few words on it (pictures.js), STOP
// spaces as red octagons with a STOP tag (so colour is never the only
// signal), lanes named where they leave the road, and the cars as cars in
// each player's colour with the family's pegs, driving along a `moved`
// event's path space by space. Tapping, clicking or focusing a space shows
// its full text and amounts; the arrow keys walk the road from space to
// space (one tab stop for the whole board). Where the board is taller than
// its box (a phone), the box scrolls to follow the car in play.

import { layoutBoard } from "./layout.js";
import { carBody, setPegs, spacePicture, spaceWords } from "./pictures.js";
import { h, money, replaceChildren, seatColour, seatTag, sleep, svg, textOn } from "./util.js";

const R_SPACE = 0.42; // half a space's width, in space pitches
const MARGIN = 0.9;
const TILE = 0.82; // a tile's side

export class BoardView {
  /**
   * @param {HTMLElement} container - gets the board's box, the space details and a legend
   * @param {import("./edition.js").BoardModel} model
   */
  constructor(container, model) {
    this.container = container;
    this.model = model;
    this.columns = 0;
    this.players = []; // [{seat, name, space, spouse, children}] as last placed
    this.active = null; // the seat whose decision it is
    this.followSeat = null; // the car the box keeps in view (null: the active one)
    this.cars = new Map(); // seat -> <g>
    this.carSpace = new Map(); // seat -> space id (or null: not on the board yet)
    this.svg = null;
    this.focusId = null; // the space with the board's tab stop
    this.viewport = h("div", { class: "board-viewport" });
    this.info = h("div", { class: "space-info", id: "space-info", role: "region", "aria-live": "polite", "aria-label": "The chosen space" },
      h("p", { class: "help" }, "Tap or focus a space to read it in full."));
    this.resizer = new ResizeObserver(() => this.fit());
    this.resizer.observe(container);
    this.fit();
  }

  /** Spaces per row for the width we have: about 54 px a space, 6 to 18 a row. */
  columnsFor(width) {
    return Math.max(6, Math.min(18, Math.floor((width || 800) / 54)));
  }

  /** Lay the board out again when the container's width calls for other rows. */
  fit() {
    const columns = this.columnsFor(this.container.clientWidth);
    if (columns === this.columns && this.svg) return;
    this.columns = columns;
    this.draw();
  }

  draw() {
    const { model } = this;
    const layout = layoutBoard(model.spaces, model.data.display, this.columns);
    this.layout = layout;
    const { box } = layout;
    const x0 = box.x - MARGIN;
    const y0 = box.y - MARGIN;
    const w = box.w + 2 * MARGIN;
    const hgt = box.h + 2 * MARGIN;

    const root = svg("svg", {
      viewBox: `${x0} ${y0} ${w} ${hgt}`,
      class: "board-svg",
      role: "group",
      "aria-label": `${model.data.title}: the board, ${boardSize(model)}. Arrow keys go from space to space.`,
      preserveAspectRatio: "xMidYMin meet",
    });

    // The road: a wide pale band under the spaces, then the links themselves,
    // each with an arrowhead halfway (the way the cars go, and the forks).
    const road = svg("g", { class: "road", "aria-hidden": "true" });
    const links = [];
    for (const s of model.spaces) {
      const a = layout.pos.get(s.id);
      for (const n of s.next) {
        const b = layout.pos.get(n);
        if (a && b) links.push([s, a, b]);
      }
    }
    for (const [, a, b] of links) road.append(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "road-band" }));
    for (const [s, a, b] of links) {
      road.append(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "road-line" }));
      const d = Math.hypot(b.x - a.x, b.y - a.y);
      if (d < 0.9) continue;
      const ux = (b.x - a.x) / d;
      const uy = (b.y - a.y) / d;
      const mx = (a.x + b.x) / 2;
      const my = (a.y + b.y) / 2;
      const k = 0.09;
      road.append(svg("path", {
        class: `road-arrow${s.next.length > 1 ? " fork-arrow" : ""}`,
        d: `M${mx + ux * k} ${my + uy * k} L${mx - ux * k - uy * k} ${my - uy * k + ux * k} L${mx - ux * k + uy * k} ${my - uy * k - ux * k} Z`,
      }));
    }
    root.append(road);

    const spaces = svg("g", { class: "spaces" });
    const starts = model.spaces.filter((x) => x.effect === "start").length;
    for (const s of model.spaces) {
      const p = layout.pos.get(s.id);
      if (!p) continue;
      const fill = model.colour(s);
      const ink = textOn(fill);
      const g = svg("g", {
        class: `space effect-${s.effect}${s.stop ? " stop" : ""}${s.next.length > 1 ? " fork" : ""}`,
        transform: `translate(${p.x} ${p.y})`,
        dataset: { space: s.id },
        role: "button",
        tabindex: "-1",
        "aria-label": model.describeSpace(s),
      });
      if (s.stop) {
        // STOP spaces are octagons with a red ring, like a road sign.
        g.append(svg("polygon", { points: octagon(R_SPACE + 0.05), class: "stop-ring", fill: model.stopColour() }));
        g.append(svg("polygon", { points: octagon(R_SPACE - 0.05), fill, class: "space-body" }));
      } else {
        g.append(svg("rect", { x: -TILE / 2, y: -TILE / 2, width: TILE, height: TILE, rx: 0.14, fill, class: "space-body" }));
      }
      g.append(svgTranslate(spacePicture(s, ink, 0.36), 0, -0.11));
      const words = spaceWords(s);
      g.append(svg("text", {
        class: "space-words", y: 0.24, fill: ink, "aria-hidden": "true", text: words,
        ...(words.length > 7 ? { textLength: 0.7, lengthAdjust: "spacingAndGlyphs" } : {}),
      }));
      if (s.stop) {
        g.append(svg("rect", { class: "stop-tag", x: -0.24, y: -R_SPACE - 0.2, width: 0.48, height: 0.19, rx: 0.04, fill: model.stopColour() }));
        g.append(svg("text", { class: "stop-text", y: -R_SPACE - 0.105, "aria-hidden": "true", text: "STOP" }));
      }
      // Lanes are named where they leave the road; where the game starts on
      // more than one lane (college or a career), each start names its lane.
      const caption = s.effect === "start" ? startCaption(s, starts) : s.branch ? shorten(s.branch) : "";
      if (caption) {
        // On the lane's outer side (away from the other lane), kept inside the board.
        const below = (p.side?.y || 0) > 0;
        const half = caption.length * 0.09;
        const cx = Math.min(Math.max(0, box.x - MARGIN + half + 0.05 - p.x), box.x + box.w + MARGIN - half - 0.05 - p.x);
        g.append(svg("text", {
          class: "space-caption lane-caption", x: cx, "aria-hidden": "true",
          y: below ? R_SPACE + 0.32 : -R_SPACE - (s.stop ? 0.3 : 0.12), text: caption,
        }));
      }
      g.addEventListener("click", () => this.select(s.id, { focus: true }));
      g.addEventListener("focus", () => this.select(s.id));
      g.addEventListener("keydown", (ev) => this.onSpaceKey(ev, s));
      spaces.append(g);
    }
    root.append(spaces);

    this.trail = svg("g", { class: "trail", "aria-hidden": "true" });
    root.append(this.trail);
    this.carLayer = svg("g", { class: "cars" });
    root.append(this.carLayer);

    this.svg = root;
    this.cars.clear();
    replaceChildren(this.viewport, root);
    replaceChildren(this.container, this.viewport, this.info, this.legend());
    this.setTabStop(this.focusId && model.space(this.focusId) ? this.focusId : model.spaces[0]?.id);
    if (this.players.length) this.setPlayers(this.players, this.active);
  }

  /** One tab stop for the whole board: the space last looked at. */
  setTabStop(id) {
    if (!this.svg || id === undefined || id === null) return;
    for (const el of this.svg.querySelectorAll(".space[tabindex='0']")) el.setAttribute("tabindex", "-1");
    this.spaceEl(id)?.setAttribute("tabindex", "0");
    this.focusId = id;
  }

  spaceEl(id) {
    return this.svg?.querySelector(`.space[data-space="${CSS.escape(String(id))}"]`) || null;
  }

  /** Arrow keys walk the road: on (right, down) and back (left, up); Home and End. */
  onSpaceKey(ev, s) {
    const { model } = this;
    let to = null;
    if (ev.key === "ArrowRight" || ev.key === "ArrowDown") to = s.next[0];
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") to = model.spaces.find((x) => x.next.includes(s.id))?.id;
    else if (ev.key === "Home") to = model.spaces[0]?.id;
    else if (ev.key === "End") to = model.spaces[model.spaces.length - 1]?.id;
    else if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      this.select(s.id);
      return;
    } else return;
    ev.preventDefault();
    if (to !== undefined && to !== null) this.select(to, { focus: true });
  }

  /** Show a space's full text and amounts (and make it the board's tab stop). */
  select(id, { focus = false } = {}) {
    const s = this.model.space(id);
    if (!s) return;
    this.setTabStop(id);
    for (const el of this.svg.querySelectorAll(".space.selected")) el.classList.remove("selected");
    const el = this.spaceEl(id);
    el?.classList.add("selected");
    if (focus && el && document.activeElement !== el) el.focus({ preventScroll: false });
    replaceChildren(this.info, spaceDetails(this.model, s, this.players.filter((p) => this.carSpace.get(p.seat) === s.id)));
  }

  /** A legend of the effects on this board: picture and words. */
  legend() {
    const effects = [...new Set(this.model.spaces.map((s) => s.effect))];
    const items = effects.map((effect) => {
      const s = this.model.spaces.find((x) => x.effect === effect);
      const fill = this.model.colour(s);
      const pic = svg("svg", { viewBox: "-0.5 -0.5 1 1", class: "swatch", "aria-hidden": "true", style: { background: fill } },
        spacePicture(s, textOn(fill), 0.7));
      return h("li", {}, pic, s.effect_label);
    });
    items.push(h("li", {},
      h("span", { class: "swatch stop-swatch", style: { borderColor: this.model.stopColour() }, "aria-hidden": "true" }, ""),
      "STOP: every car stops here"));
    return h("details", { class: "legend" }, h("summary", {}, "Legend"), h("ul", {}, items));
  }

  /** Where a car sits: its space's centre (null: not on the road yet). */
  spot(spaceId) {
    const p = spaceId ? this.layout.pos.get(spaceId) : null;
    return p ? { x: p.x, y: p.y } : null;
  }

  /**
   * Put every car where the view says, at once.
   * @param {object[]} players - view.players
   * @param {number|null} active - whose decision it is
   */
  setPlayers(players, active = null) {
    this.players = players.map((p) => ({
      seat: p.seat, name: p.name, space: p.space, retired: p.retired,
      spouse: Boolean(p.spouse), children: Number(p.children) || 0,
    }));
    this.active = active;
    for (const p of this.players) {
      const car = this.ensureCar(p);
      setPegs(car.querySelector(".car-shape"), p);
      this.carSpace.set(p.seat, p.space);
    }
    this.placeAll();
    this.follow();
  }

  ensureCar(p) {
    if (this.cars.has(p.seat)) return this.cars.get(p.seat);
    const colour = seatColour(p.seat);
    const g = svg("g", { class: "car", dataset: { seat: p.seat }, role: "img", "aria-label": `${p.name}'s car` });
    g.append(svg("title", { text: `${p.name} (${seatTag(p.seat)})` }));
    g.append(carBody(colour, textOn(colour), p.seat + 1));
    this.carLayer.append(g);
    this.cars.set(p.seat, g);
    return g;
  }

  /**
   * Scroll the board's box (when it scrolls: a phone) so that the followed
   * car, else the active one, is in the middle.
   */
  follow(seat = null, { smooth = false } = {}) {
    const box = this.viewport;
    if (!box || box.scrollHeight <= box.clientHeight + 4) return;
    const which = seat ?? this.followSeat ?? this.active;
    const g = which === null ? null : this.cars.get(which);
    if (!g || g.classList.contains("off-board")) return;
    const r = g.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const top = box.scrollTop + (r.top + r.height / 2) - (b.top + box.clientHeight / 2);
    box.scrollTo({ top: Math.max(0, top), behavior: smooth ? "smooth" : "auto" });
  }

  /** Spread the cars that share a space round its centre. */
  placeAll() {
    const groups = new Map();
    for (const p of this.players) {
      const key = this.carSpace.get(p.seat) ?? "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(p.seat);
    }
    for (const [key, seats] of groups) {
      const base = this.spot(key || null);
      seats.forEach((seat, i) => {
        // A car that has not started is not drawn (its panel says so).
        this.cars.get(seat)?.classList.toggle("off-board", !base);
        if (!base) return;
        let dx = 0;
        let dy = 0;
        if (seats.length > 1) {
          const angle = (2 * Math.PI * i) / seats.length - Math.PI / 2;
          const r = seats.length > 3 ? 0.3 : 0.24;
          dx = Math.cos(angle) * r;
          dy = Math.sin(angle) * r;
        }
        this.moveCar(seat, base.x + dx, base.y + dy);
      });
    }
    for (const [seat, g] of this.cars) {
      g.classList.toggle("active", seat === this.active);
      const p = this.players.find((x) => x.seat === seat);
      const space = this.carSpace.get(seat);
      const where = space ? this.model.spaceText(space) : "not on the road yet";
      const family = p ? [p.spouse ? "married" : "", p.children ? `${p.children} children` : ""].filter(Boolean).join(", ") : "";
      const text = `${p ? p.name : ""}'s car (${seatTag(seat)})${family ? `, ${family}` : ""}: ${where}`;
      g.querySelector("title").textContent = text;
      g.setAttribute("aria-label", text);
    }
    // The active car on top.
    if (this.active !== null && this.cars.has(this.active)) this.carLayer.append(this.cars.get(this.active));
  }

  moveCar(seat, x, y) {
    const g = this.cars.get(seat);
    if (!g) return;
    // A CSS transform (user units in SVG) so that a transition can animate it;
    // the first placement jumps (no slide in from the corner).
    if (!g.dataset.placed) {
      g.style.transition = "none";
      g.style.transform = `translate(${x}px, ${y}px)`;
      g.getBoundingClientRect();
      g.style.transition = "";
      g.dataset.placed = "1";
      return;
    }
    g.style.transform = `translate(${x}px, ${y}px)`;
  }

  /**
   * Drive a car along `path` (space ids, the last is where it stops), one
   * space at a time. Resolves early, with the car at its end, when `signal`
   * aborts (skip) or `animate` is false (reduced motion).
   */
  async drive(seat, path, { animate = true, signal } = {}) {
    if (!path || !path.length || !this.cars.has(seat)) {
      if (path && path.length) this.carSpace.set(seat, path[path.length - 1]);
      this.placeAll();
      return;
    }
    this.clearTrail();
    const g = this.cars.get(seat);
    this.carLayer.append(g);
    if (animate && !signal?.aborted) {
      const step = Math.max(90, Math.min(200, 1600 / path.length));
      g.style.transitionDuration = `${step}ms`;
      g.classList.add("driving");
      g.classList.remove("off-board");
      for (const id of path) {
        if (signal?.aborted) break;
        const p = this.spot(id);
        if (!p) continue;
        this.moveCar(seat, p.x, p.y);
        this.markTrail(id, seat);
        if (seat === (this.followSeat ?? seat)) this.follow(seat);
        await sleep(step, signal);
      }
      g.classList.remove("driving");
      g.style.transitionDuration = "";
    }
    for (const id of path) this.markTrail(id, seat);
    this.carSpace.set(seat, path[path.length - 1]);
    this.placeAll();
  }

  /** Money rising over a car: "+$20,000" (gain) or "−$5,000". */
  floatText(seat, text, gain) {
    const g = this.cars.get(seat);
    if (!g || g.classList.contains("off-board") || !this.svg) return;
    for (const old of g.querySelectorAll(".board-float")) old.remove(); // the newest says it
    const t = svg("text", { class: `board-float ${gain ? "gain" : "loss"}`, y: -0.4, text, "aria-hidden": "true" });
    g.append(t);
    setTimeout(() => t.remove(), 1800);
  }

  /** Show where a car just went (a faint dot per space it passed). */
  markTrail(id, seat) {
    const p = this.layout.pos.get(id);
    if (!p || this.trail.querySelector(`[data-space="${CSS.escape(id)}"]`)) return;
    this.trail.append(svg("rect", { x: p.x - R_SPACE - 0.04, y: p.y - R_SPACE - 0.04, width: 2 * R_SPACE + 0.08, height: 2 * R_SPACE + 0.08, rx: 0.18, class: "trail-dot", stroke: seatColour(seat), dataset: { space: id } }));
  }

  clearTrail() {
    this.trail?.replaceChildren();
  }

  destroy() {
    this.resizer.disconnect();
  }
}

function octagon(r) {
  const pts = [];
  for (let i = 0; i < 8; i++) {
    const a = Math.PI / 8 + (i * Math.PI) / 4;
    pts.push(`${(r * Math.cos(a)).toFixed(3)},${(r * Math.sin(a)).toFixed(3)}`);
  }
  return pts.join(" ");
}

function shorten(text) {
  const t = text.replace(/\s*\(.*\)\s*/, "");
  return t.length > 16 ? `${t.slice(0, 15)}…` : t;
}

/** "College lane" for a start whose id is a word, when there is more than one start. */
function startCaption(s, starts) {
  if (starts < 2 || !/^[a-z]+$/i.test(s.id)) return "";
  return `${s.id[0].toUpperCase()}${s.id.slice(1).toLowerCase()} lane`;
}

function svgTranslate(node, x, y) {
  const g = svg("g", { transform: `translate(${x} ${y})` });
  g.append(node);
  return g;
}

/** A space in full: its label, what it does with its amounts, lane, STOP, who is there. */
function spaceDetails(model, s, here) {
  const facts = [];
  facts.push(`${s.effect_label}: ${s.says}`);
  if (s.amount) facts.push(`Amount: ${money(s.amount)}${s.per_child ? " per child" : ""}`);
  if (s.count && s.effect === "baby") facts.push(`${s.count === 1 ? "One peg" : `${s.count} pegs`} for the car`);
  if (s.life_tile) facts.push("Take a LIFE tile");
  if (s.branch) facts.push(`Lane: ${s.branch}`);
  if (s.next.length > 1) {
    facts.push(`A fork: ${s.next.map((n) => model.space(n)?.branch || model.spaceText(n)).join(" or ")}`);
  }
  if (s.stop) facts.push("STOP: every car stops here, whatever the spin");
  if (s.to_retire !== undefined && s.to_retire !== null) facts.push(`${s.to_retire} spaces to retirement`);
  if (here.length) facts.push(`Here: ${here.map((p) => p.name).join(", ")}`);
  return [
    h("p", { class: "space-info-title" },
      /^\d+$/.test(s.id) ? h("span", { class: "space-number" }, `Space ${s.id}`) : null,
      " ", h("strong", {}, s.label)),
    h("ul", {}, facts.map((f) => h("li", {}, f))),
  ];
}

/** "147 numbered spaces and 2 without a number", or "60 spaces": the printed count first. */
function boardSize(model) {
  const all = model.spaces.length;
  const numbered = model.numberedCount();
  if (!numbered || numbered === all) return `${all} spaces`;
  return `${numbered} numbered spaces and ${all - numbered} without a number`;
}
