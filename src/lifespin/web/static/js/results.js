// The final screen: standings, and a chart (SVG bars) of each player's
// worth by part (results[].breakdown), with a table of the same numbers.

import { RETIRE_PLACES } from "./edition.js";
import { compactMoney, h, listWords, money, seatColour, seatTag, svg, textOn } from "./util.js";

export const PARTS = [
  { key: "cash", label: "Cash from play", colour: "#4c78a8" },
  { key: "house_sale", label: "House sale", colour: "#f58518" },
  { key: "life_tiles", label: "LIFE tiles", colour: "#54a24b" },
  { key: "estates_bonus", label: "Estates bonus", colour: "#b279a2" },
  { key: "loans", label: "Loans repaid", colour: "#e45756" },
];

/**
 * @param {object[]} results - view.results (already in standing order)
 * @param {{mySeat?: number|null, replayHref?: string|null, recordHref?: string|null, recordName?: string}} ctx
 * @returns {HTMLElement}
 */
export function renderResults(results, ctx = {}) {
  const winners = results.filter((r) => r.winner).map((r) => r.name);
  const headline = winners.length === 0
    ? "The game is over."
    : winners.length === 1
      ? `${winners[0]} wins with ${money(results.find((r) => r.winner).worth)}!`
      : `${listWords(winners)} tie for first!`;
  const section = h("section", { class: "final", "aria-labelledby": "final-title" },
    h("h2", { id: "final-title", tabindex: "-1" }, "Game over"),
    h("p", { class: "headline" }, headline),
    h("div", { class: "table-wrap" }, standingsTable(results, ctx)),
    h("h3", {}, "Worth by part"),
    chart(results),
    breakdownTable(results));
  if (ctx.replayHref) {
    section.append(h("p", {}, h("a", { href: ctx.replayHref, class: "button-link" }, "Watch the replay")));
  }
  if (ctx.recordHref) {
    // The record (seed and every action) replays the game anywhere: `lifespin replay FILE`.
    section.append(h("p", {}, h("a", {
      href: ctx.recordHref, class: "button-link secondary", id: "download-record",
      download: ctx.recordName || "lifespin-record.json",
    }, "Download the record"), h("span", { class: "help" }, " (replay it with lifespin replay FILE)")));
  }
  section.append(h("p", {}, h("a", { href: "/", class: "button-link secondary" }, "New game")));
  return section;
}

function standingsTable(results, ctx) {
  return h("table", { class: "standings" },
    h("caption", { class: "visually-hidden" }, "Final standings"),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Rank"), h("th", { scope: "col" }, "Player"),
      h("th", { scope: "col", class: "num" }, "Worth"), h("th", { scope: "col" }, "Retired"),
      h("th", { scope: "col", class: "num" }, "LIFE tiles"))),
    h("tbody", {}, results.map((r) => h("tr", { class: r.winner ? "winner" : "" },
      h("td", {}, String(r.rank), r.winner ? [h("span", { "aria-hidden": "true" }, " ★"), h("span", { class: "visually-hidden" }, " (winner)")] : null),
      h("th", { scope: "row" },
        h("span", { class: "seat-chip", style: { background: seatColour(r.seat), color: textOn(seatColour(r.seat)) }, "aria-hidden": "true" }, String(r.seat + 1)),
        ` ${r.name}${ctx.mySeat === r.seat ? " (you)" : ""}`),
      h("td", { class: "num" }, money(r.worth)),
      h("td", {}, r.tycoon ? "Tycoon" : r.retired ? RETIRE_PLACES[r.retired] || r.retired : "—"),
      h("td", { class: "num" }, tilesText(r))))));
}

function tilesText(r) {
  const n = (r.life_tiles || []).length + (r.estates_tiles || []).length;
  const sum = [...(r.life_tiles || []), ...(r.estates_tiles || [])].reduce((a, b) => a + b, 0);
  return n ? `${n} (${money(sum)})` : "0";
}

/** Horizontal stacked bars: positive parts right of zero, negative left. */
export function chart(results) {
  // Narrower drawing on a phone, so that its text stays readable.
  const narrow = typeof window !== "undefined" && window.innerWidth < 600;
  const W = narrow ? 380 : 640;
  const LABEL = narrow ? 86 : 120;
  const BAR = 26;
  const GAP = 12;
  const TOP = 8;
  let lo = 0;
  let hi = 0;
  for (const r of results) {
    let pos = 0;
    let neg = 0;
    for (const part of PARTS) {
      const v = r.breakdown?.[part.key] || 0;
      if (v >= 0) pos += v;
      else neg += v;
    }
    hi = Math.max(hi, pos);
    lo = Math.min(lo, neg);
  }
  const span = hi - lo || 1;
  const plotW = W - LABEL - (narrow ? 78 : 90);
  const x = (v) => LABEL + ((v - lo) / span) * plotW;
  const height = TOP + results.length * (BAR + GAP) + 24;
  const root = svg("svg", {
    viewBox: `0 0 ${W} ${height}`, class: "worth-chart", role: "img",
    "aria-label": `Worth by part: ${results.map((r) => `${r.name} ${money(r.worth)}`).join("; ")}`,
  });
  // Hatching for the negative part, so it is told apart without colour.
  root.append(svg("defs", {},
    svg("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      svg("rect", { width: 6, height: 6, fill: PARTS[4].colour }),
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#fff", "stroke-width": 2 }))));
  results.forEach((r, i) => {
    const y = TOP + i * (BAR + GAP);
    const label = `${seatTag(r.seat)} ${r.name}`;
    root.append(svg("text", { x: LABEL - 8, y: y + BAR / 2, class: "chart-name" },
      label.length > (narrow ? 11 : 16) ? `${label.slice(0, narrow ? 10 : 15)}…` : label));
    let pos = 0;
    let neg = 0;
    for (const part of PARTS) {
      const v = r.breakdown?.[part.key] || 0;
      if (!v) continue;
      const from = v >= 0 ? pos : neg + v;
      if (v >= 0) pos += v;
      else neg += v;
      const x0 = x(from);
      const w = Math.max(1, x(from + Math.abs(v)) - x0);
      const seg = svg("rect", {
        x: x0, y, width: w, height: BAR, class: `seg seg-${part.key}`,
        fill: v < 0 ? "url(#hatch)" : part.colour,
      });
      seg.append(svg("title", { text: `${r.name}: ${part.label} ${money(v)}` }));
      root.append(seg);
      if (w > 46) {
        root.append(svg("text", { x: x0 + w / 2, y: y + BAR / 2, class: "seg-label", fill: textOn(part.colour) }, compactMoney(v)));
      }
    }
    root.append(svg("text", { x: x(pos) + 6, y: y + BAR / 2, class: "chart-total" }, narrow ? compactMoney(r.worth) : money(r.worth)));
  });
  root.append(svg("line", { x1: x(0), x2: x(0), y1: TOP - 4, y2: height - 20, class: "zero-line" }));
  const legend = h("ul", { class: "chart-legend" }, PARTS.map((p) =>
    h("li", {}, h("span", { class: `swatch${p.key === "loans" ? " hatched" : ""}`, style: { background: p.colour }, "aria-hidden": "true" }), p.label)));
  return h("figure", { class: "chart" }, root, h("figcaption", {}, legend));
}

function breakdownTable(results) {
  return h("details", { class: "breakdown" },
    h("summary", {}, "The numbers"),
    h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Player"),
        PARTS.map((p) => h("th", { scope: "col", class: "num" }, p.label)),
        h("th", { scope: "col", class: "num" }, "Worth"))),
      h("tbody", {}, results.map((r) => h("tr", {},
        h("th", { scope: "row" }, r.name),
        PARTS.map((p) => h("td", { class: "num" }, money(r.breakdown?.[p.key] || 0))),
        h("td", { class: "num" }, money(r.worth)))))));
}
