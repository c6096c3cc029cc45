// The board as SVG: the track (from layout.js), spaces coloured by effect
// with a glyph and a STOP ring (so colour is never the only signal), labels
// as <title> tooltips, and the cars as numbered tokens that can drive along
// a `moved` event's path, space by space.

import { layoutBoard } from "./layout.js";
import { h, replaceChildren, seatColour, seatTag, sleep, svg, textOn } from "./util.js";

const R_SPACE = 0.42; // a space's radius, in space pitches
const R_CAR = 0.27;
const MARGIN = 0.9;

export class BoardView {
  /**
   * @param {HTMLElement} container - gets the <svg> and a legend
   * @param {import("./edition.js").BoardModel} model
   */
  constructor(container, model) {
    this.container = container;
    this.model = model;
    this.columns = 0;
    this.players = []; // [{seat, name, space}] as last placed
    this.active = null; // the seat whose decision it is
    this.cars = new Map(); // seat -> <g>
    this.carSpace = new Map(); // seat -> space id (or null: not on the board yet)
    this.svg = null;
    this.resizer = new ResizeObserver(() => this.fit());
    this.resizer.observe(container);
    this.fit();
  }

  /** Spaces per row for the width we have: about 40 px a space, 9 to 20 a row. */
  columnsFor(width) {
    return Math.max(9, Math.min(20, Math.floor((width || 800) / 40)));
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
      role: "img",
      "aria-labelledby": "board-title",
      preserveAspectRatio: "xMidYMin meet",
    });
    root.append(svg("title", { id: "board-title", text: `${model.data.title}: the board, ${model.spaces.length} spaces` }));

    // The road: a wide pale band under the spaces, then the links themselves.
    const road = svg("g", { class: "road" });
    for (const s of model.spaces) {
      const a = layout.pos.get(s.id);
      for (const n of s.next) {
        const b = layout.pos.get(n);
        if (!a || !b) continue;
        road.append(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "road-band" }));
      }
    }
    for (const s of model.spaces) {
      const a = layout.pos.get(s.id);
      for (const n of s.next) {
        const b = layout.pos.get(n);
        if (!a || !b) continue;
        road.append(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "road-line" }));
      }
    }
    root.append(road);

    const spaces = svg("g", { class: "spaces" });
    for (const s of model.spaces) {
      const p = layout.pos.get(s.id);
      if (!p) continue;
      const fill = model.colour(s);
      const g = svg("g", {
        class: `space effect-${s.effect}${s.stop ? " stop" : ""}`,
        transform: `translate(${p.x} ${p.y})`,
        dataset: { space: s.id },
      });
      g.append(svg("title", { text: model.describeSpace(s) }));
      if (s.stop) {
        // STOP spaces are octagons with a thick ring, like a road sign.
        g.append(svg("polygon", { points: octagon(R_SPACE + 0.04), class: "stop-ring", fill: model.stopColour() }));
        g.append(svg("polygon", { points: octagon(R_SPACE - 0.06), fill, class: "space-body" }));
      } else {
        g.append(svg("circle", { r: R_SPACE, fill, class: "space-body" }));
      }
      g.append(svg("text", { class: "glyph", y: 0.02, fill: textOn(fill), "aria-hidden": "true", text: model.glyph(s) }));
      const caption = s.effect === "start" ? "START" : s.effect === "retire" ? "RETIRE" : s.branch ? shorten(s.branch) : "";
      if (caption) {
        // On the lane's outer side (away from the other lane), kept inside the board.
        const below = (p.side?.y || 0) > 0;
        const half = caption.length * 0.09;
        const cx = Math.min(Math.max(0, box.x - MARGIN + half + 0.05 - p.x), box.x + box.w + MARGIN - half - 0.05 - p.x);
        g.append(svg("text", {
          class: `space-caption${s.branch ? " lane-caption" : ""}`, x: cx,
          y: below ? R_SPACE + 0.32 : -R_SPACE - 0.12, text: caption,
        }));
      }
      spaces.append(g);
    }
    root.append(spaces);

    this.trail = svg("g", { class: "trail", "aria-hidden": "true" });
    root.append(this.trail);
    this.carLayer = svg("g", { class: "cars" });
    root.append(this.carLayer);

    this.svg = root;
    this.cars.clear();
    replaceChildren(this.container, root, this.legend());
    if (this.players.length) this.setPlayers(this.players, this.active);
  }

  /** A legend of the effects on this board: colour, glyph and words. */
  legend() {
    const effects = [...new Set(this.model.spaces.map((s) => s.effect))];
    const items = effects.map((effect) => {
      const s = this.model.spaces.find((x) => x.effect === effect);
      const fill = this.model.colour(s);
      return h("li", {},
        h("span", { class: "swatch", style: { background: fill, color: textOn(fill) }, "aria-hidden": "true" }, this.model.glyph(s)),
        s.effect_label);
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
    this.players = players.map((p) => ({ seat: p.seat, name: p.name, space: p.space, retired: p.retired }));
    this.active = active;
    for (const p of this.players) {
      this.ensureCar(p);
      this.carSpace.set(p.seat, p.space);
    }
    this.placeAll();
  }

  ensureCar(p) {
    if (this.cars.has(p.seat)) return this.cars.get(p.seat);
    const colour = seatColour(p.seat);
    const g = svg("g", { class: "car", dataset: { seat: p.seat } });
    g.append(svg("title", { text: `${p.name} (${seatTag(p.seat)})` }));
    g.append(svg("circle", { r: R_CAR + 0.09, class: "car-halo" }));
    g.append(svg("circle", { r: R_CAR, fill: colour, class: "car-body" }));
    g.append(svg("text", { class: "car-number", fill: textOn(colour), y: 0.01, text: String(p.seat + 1) }));
    this.carLayer.append(g);
    this.cars.set(p.seat, g);
    return g;
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
      g.querySelector("title").textContent = `${p ? p.name : ""} (${seatTag(seat)}): ${where}`;
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
        await sleep(step, signal);
      }
      g.classList.remove("driving");
      g.style.transitionDuration = "";
    }
    for (const id of path) this.markTrail(id, seat);
    this.carSpace.set(seat, path[path.length - 1]);
    this.placeAll();
  }

  /** Show where a car just went (a faint dot per space it passed). */
  markTrail(id, seat) {
    const p = this.layout.pos.get(id);
    if (!p || this.trail.querySelector(`[data-space="${CSS.escape(id)}"]`)) return;
    this.trail.append(svg("circle", { cx: p.x, cy: p.y, r: R_SPACE + 0.06, class: "trail-dot", stroke: seatColour(seat), dataset: { space: id } }));
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
