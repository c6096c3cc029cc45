// Small helpers shared by every page: building DOM nodes, money and names,
// seat colours, motion preferences. No framework; standard APIs only.

/**
 * Build an element: h("button", {class: "x", onclick: fn, "aria-label": "..."}, "text", child).
 * Attributes: `class`, `text`, `html` is deliberately not supported (no innerHTML
 * with data from the network), `on<event>` handlers, `dataset` (object), `style`
 * (object), booleans (true sets the attribute, false/null/undefined leaves it out).
 */
export function h(tag, attrs = {}, ...children) {
  const el = tag.includes(":")
    ? document.createElementNS(SVG_NS, tag.split(":")[1])
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") el.setAttribute("class", value);
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "style" && typeof value === "object") {
      for (const [prop, v] of Object.entries(value)) {
        if (prop.startsWith("--")) el.style.setProperty(prop, v);
        else el.style[prop] = v;
      }
    }
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element: svg("circle", {cx: 1, cy: 2, r: 3}). */
export function svg(tag, attrs = {}, ...children) {
  return h(`svg:${tag}`, attrs, ...children);
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace all of `el`'s children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Dollars as "$12,345", negative as "−$25,000" (a real minus sign). */
export function money(amount) {
  const n = Number(amount) || 0;
  const text = `$${Math.abs(n).toLocaleString("en-US")}`;
  return n < 0 ? `\u2212${text}` : text;
}

/** Dollars in few characters: "$10k", "$1.3M". */
export function compactMoney(amount) {
  const n = Number(amount) || 0;
  const a = Math.abs(n);
  let text;
  if (a >= 1e6) text = `$${(a / 1e6).toFixed(a >= 1e7 ? 0 : 1).replace(/\.0$/, "")}M`;
  else if (a >= 1e3) text = `$${Math.round(a / 1e3)}k`;
  else text = `$${a}`;
  return n < 0 ? `\u2212${text}` : text;
}

/** "1 loan", "3 loans"; `many` for irregular plurals. */
export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** "beach_house" -> "Beach house". */
export function humanize(id) {
  const text = String(id ?? "").replace(/[_-]+/g, " ").trim();
  return text ? text[0].toUpperCase() + text.slice(1) : "";
}

/** "a Doctor", "an Accountant". */
export function article(word) {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** A list in words: "Ana", "Ana and Bo", "Ana, Bo and Cy". */
export function listWords(items) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// Seat colours: the Okabe–Ito palette (safe for the common colour-vision
// deficiencies) and a few more. Every car also carries its seat number, so
// colour is never the only way to tell players apart.
const SEAT_COLOURS = [
  "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9",
  "#6b4c9a", "#8c6d31", "#117733", "#882255", "#44AA99", "#999933",
];

export function seatColour(seat) {
  return SEAT_COLOURS[((seat % SEAT_COLOURS.length) + SEAT_COLOURS.length) % SEAT_COLOURS.length];
}

/** Black or white, whichever reads better on `hex`. */
export function textOn(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex || "");
  if (!m) return "#000";
  const [r, g, b] = m.slice(1).map((x) => parseInt(x, 16) / 255);
  const lin = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return lum > 0.35 ? "#111" : "#fff";
}

/** Seats are numbered from 1 for people (seat 0 is "P1"). */
export function seatTag(seat) {
  return `P${seat + 1}`;
}

const reducedMotionQuery = typeof window !== "undefined" && window.matchMedia
  ? window.matchMedia("(prefers-reduced-motion: reduce)")
  : null;

/** True when the user asked the system for less motion. */
export function prefersReducedMotion() {
  return Boolean(reducedMotionQuery && reducedMotionQuery.matches);
}

/**
 * Wait `ms`, unless `signal` is aborted first (then resolve at once: an
 * aborted animation jumps to its end, it does not fail).
 */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** The path's last segment: "/play/abc" -> "abc". */
export function gameIdFromPath(prefix) {
  const parts = location.pathname.split("/").filter(Boolean);
  const at = parts.indexOf(prefix);
  return at >= 0 && parts[at + 1] ? decodeURIComponent(parts[at + 1]) : null;
}

/** Copy text to the clipboard; falls back to a hidden textarea where the API is missing. */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way (permissions, insecure origin, ...)
  }
  const area = h("textarea", { class: "visually-hidden", readonly: true, "aria-hidden": "true" });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A short polite announcement for screen readers (a shared live region). */
export function announce(text, { assertive = false } = {}) {
  const id = assertive ? "announce-assertive" : "announce-polite";
  let region = document.getElementById(id);
  if (!region) {
    region = h("div", {
      id, class: "visually-hidden", role: assertive ? "alert" : "status",
      "aria-live": assertive ? "assertive" : "polite", "aria-atomic": "true",
    });
    document.body.append(region);
  }
  // Clear first so the same sentence twice is still read out.
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 30);
}

/**
 * A page that cannot go on (no such game, a bad link, a wrong token): say
 * so in its heading and problem box, with the way back to the lobby, instead
 * of "Loading…" for ever.
 */
export function showDeadEnd({ heading, text, problem, title }) {
  if (title) title.textContent = heading;
  document.title = `lifespin — ${heading}`;
  problem.replaceChildren(text, " ", h("a", { href: "/", class: "lobby-link" }, "Back to the lobby"), ".");
  problem.hidden = false;
  document.body.classList.add("dead-end");
}

/** Words for a refused page request: 404 no such game, else what the server said. */
export function deadEndText(err) {
  if (err && err.status === 404) return { heading: "No such game", text: "There is no game at this address: the link may be mistyped, or the game was removed." };
  if (err && err.status === 0) return { heading: "Server unreachable", text: String(err.detail) };
  return { heading: "This game cannot be shown", text: String(err?.detail || err) };
}
