// The spinner: a wheel of 1..n that turns to land on the spun number
// (skippable, and still when the user prefers reduced motion). The number
// is also written out in words next to it.

import { h, sleep, svg } from "./util.js";

const SECTOR_COLOURS = ["#f7d774", "#9fd3f5", "#b7e4a8", "#f5b1c8", "#cdb8f0"];

export class Spinner {
  /**
   * @param {HTMLElement} container
   * @param {number} n - numbers on the wheel (board.spinner)
   */
  constructor(container, n = 10) {
    this.n = n;
    this.turns = 0; // whole turns so far: the wheel always turns forward
    const wheel = svg("g", { class: "wheel" });
    const step = 360 / n;
    for (let i = 0; i < n; i++) {
      const a0 = ((i * step - 90 - step / 2) * Math.PI) / 180;
      const a1 = (((i + 1) * step - 90 - step / 2) * Math.PI) / 180;
      const d = `M0 0 L${Math.cos(a0)} ${Math.sin(a0)} A1 1 0 0 1 ${Math.cos(a1)} ${Math.sin(a1)} Z`;
      wheel.append(svg("path", { d, fill: SECTOR_COLOURS[i % SECTOR_COLOURS.length], class: "sector" }));
      const mid = ((i * step - 90) * Math.PI) / 180;
      wheel.append(svg("text", { x: Math.cos(mid) * 0.72, y: Math.sin(mid) * 0.72, class: "sector-number", text: String(i + 1) }));
    }
    wheel.append(svg("circle", { r: 0.16, class: "hub" }));
    this.wheel = wheel;
    this.readout = h("output", { class: "spin-readout", "aria-live": "off" }, "—");
    const drawing = svg("svg", { viewBox: "-1.15 -1.3 2.3 2.45", class: "spinner-svg", "aria-hidden": "true" },
      wheel,
      svg("polygon", { points: "-0.13,-1.25 0.13,-1.25 0,-0.92", class: "pointer" }));
    container.append(h("div", { class: "spinner" }, drawing, this.readout));
  }

  /**
   * Turn the wheel to `value` (0: the wheel missed the numbers).
   * @returns {Promise<void>} when it has stopped
   */
  async spin(value, { animate = true, signal, caption = "" } = {}) {
    const step = 360 / this.n;
    this.turns += 3;
    const target = value > 0 ? (value - 1) * step : step / 2; // a miss stops on a line
    const angle = -(this.turns * 360 + target);
    this.readout.textContent = "…";
    if (animate && !signal?.aborted) {
      this.wheel.style.transition = "transform 900ms cubic-bezier(.2,.7,.2,1)";
      this.wheel.style.transform = `rotate(${angle}deg)`;
      await sleep(920, signal);
    }
    this.wheel.style.transition = "none";
    this.wheel.style.transform = `rotate(${angle}deg)`;
    this.readout.textContent = value > 0 ? `${caption}${value}` : `${caption}missed`;
  }
}
