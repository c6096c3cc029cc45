// The spinner, the table's centrepiece: a wheel of 1..n that whirls several
// turns and slows to a stop on the spun number (skippable, and still when
// the user prefers reduced motion), then lights that number's sector. The
// number is written out next to it, for everyone. When the wheel may be
// spun (`setSpinnable`), the wheel itself is a button.

import { h, sleep, svg } from "./util.js";

const SECTOR_COLOURS = ["#f7d774", "#9fd3f5", "#b7e4a8", "#f5b1c8", "#cdb8f0"];
const SPIN_MS = 2200; // the whole spin, whirl and slow-down
const TURNS = 4; // whole turns before it settles

export class Spinner {
  /**
   * @param {HTMLElement} container
   * @param {number} n - numbers on the wheel (board.spinner)
   * @param {{onTick?: () => void}} hooks - called as sectors pass the pointer (sound)
   */
  constructor(container, n = 10, hooks = {}) {
    this.n = n;
    this.hooks = hooks;
    this.turns = 0; // whole turns so far: the wheel always turns forward
    this.angle = 0;
    const wheel = svg("g", { class: "wheel" });
    const step = 360 / n;
    this.sectors = [];
    for (let i = 0; i < n; i++) {
      const a0 = ((i * step - 90 - step / 2) * Math.PI) / 180;
      const a1 = (((i + 1) * step - 90 - step / 2) * Math.PI) / 180;
      const d = `M0 0 L${Math.cos(a0)} ${Math.sin(a0)} A1 1 0 0 1 ${Math.cos(a1)} ${Math.sin(a1)} Z`;
      const sector = svg("path", { d, fill: SECTOR_COLOURS[i % SECTOR_COLOURS.length], class: "sector", dataset: { number: i + 1 } });
      this.sectors.push(sector);
      wheel.append(sector);
      const mid = ((i * step - 90) * Math.PI) / 180;
      wheel.append(svg("text", {
        x: Math.cos(mid) * 0.72, y: Math.sin(mid) * 0.72, class: "sector-number", text: String(i + 1),
        transform: `rotate(${i * step} ${Math.cos(mid) * 0.72} ${Math.sin(mid) * 0.72})`,
      }));
    }
    wheel.append(svg("circle", { r: 1, class: "rim" }));
    wheel.append(svg("circle", { r: 0.18, class: "hub" }));
    this.wheel = wheel;
    this.readout = h("output", { class: "spin-readout", "aria-live": "off" }, "—");
    this.big = h("span", { class: "spin-big", "aria-hidden": "true" }, "");
    const drawing = svg("svg", { viewBox: "-1.15 -1.32 2.3 2.47", class: "spinner-svg", "aria-hidden": "true" },
      wheel,
      svg("polygon", { points: "-0.15,-1.3 0.15,-1.3 0,-0.9", class: "pointer" }));
    this.button = h("button", {
      type: "button", class: "spinner-button", disabled: true, "aria-label": "Spin the wheel",
      onclick: () => this.onSpin?.(),
    }, drawing, this.big);
    container.append(h("div", { class: "spinner" }, this.button, this.readout));
    this.onSpin = null;
  }

  /** Make the wheel a button that calls `fn` (null: just a picture). */
  setSpinnable(fn) {
    this.onSpin = fn;
    this.button.disabled = !fn;
    this.button.classList.toggle("ready", Boolean(fn));
  }

  /**
   * Turn the wheel to `value` (0: the wheel missed the numbers).
   * @returns {Promise<void>} when it has stopped
   */
  async spin(value, { animate = true, signal, caption = "" } = {}) {
    const step = 360 / this.n;
    this.turns += TURNS;
    const target = value > 0 ? (value - 1) * step : step / 2; // a miss stops on a line
    // A little play inside the sector, so the same number never looks canned.
    const wobble = value > 0 ? (Math.random() - 0.5) * step * 0.5 : 0;
    const angle = -(this.turns * 360 + target + wobble);
    this.readout.textContent = "…";
    for (const s of this.sectors) s.classList.remove("landed");
    this.big.textContent = "";
    this.big.classList.remove("show");
    if (animate && !signal?.aborted) {
      this.button.classList.add("spinning");
      this.wheel.style.transition = `transform ${SPIN_MS}ms cubic-bezier(.12,.75,.18,1)`;
      this.wheel.style.transform = `rotate(${angle}deg)`;
      this.ticking(SPIN_MS, signal);
      await sleep(SPIN_MS + 40, signal);
      this.button.classList.remove("spinning");
    }
    this.wheel.style.transition = "none";
    this.wheel.style.transform = `rotate(${angle}deg)`;
    this.angle = angle;
    if (value > 0) this.sectors[value - 1]?.classList.add("landed");
    this.big.textContent = value > 0 ? String(value) : "✕";
    this.big.classList.add("show");
    this.readout.textContent = value > 0 ? `${caption}${value}` : `${caption}missed`;
    this.readout.dataset.value = String(value);
  }

  /** Ticks as the sectors pass the pointer, slowing down with the wheel (for sound). */
  async ticking(ms, signal) {
    if (!this.hooks.onTick) return;
    let t = 0;
    let gap = 45;
    while (t < ms * 0.85 && !signal?.aborted) {
      this.hooks.onTick();
      await sleep(gap, signal);
      t += gap;
      gap *= 1.09;
    }
  }
}
