// The lobby (index.html): choose an edition, seats (people or bots) and house
// rules; create the game; hand out each seat's link; see who has joined;
// start. The host's copy of the answer (host token and every seat's link) is
// kept in this browser's localStorage, never in an address: the host's own
// seat page reads it to offer Start and the links again, so closing this tab
// before starting cannot strand the game.

import {
  absoluteUrl, ApiError, createGame, getEditions, getGame, listGames, request, startGame,
} from "./api.js";
import { optionValueText } from "./options.js";
import { announce, copyText, h, humanize, replaceChildren, seatColour, textOn } from "./util.js";

const HOST_KEY = (id) => `lifespin.host.${id}`;
const POLL_MS = 4000;

const els = {};
const lobby = {
  editions: [],
  edition: null, // the chosen EditionSummary
  seats: [], // [{name, kind, difficulty}]
  created: null, // POST /games's answer (kept in localStorage)
  socket: null,
  poll: null,
};

init().catch((err) => showProblem(err instanceof ApiError ? err.detail : String(err)));

async function init() {
  for (const id of ["problem", "create-form", "edition", "edition-summary", "seats-help", "seats",
    "add-seat", "options", "reset-options", "rules-details", "rules-summary", "form-error", "create", "created", "created-title",
    "seat-links", "watch-link", "copy-watch", "start", "start-status", "new-game", "games-lists",
    "pace", "clock", "rules-page-link"]) {
    els[id] = document.getElementById(id);
  }
  els["add-seat"].addEventListener("click", addSeat);
  els["reset-options"].addEventListener("click", () => renderOptions());
  els.options.addEventListener("change", summarizeOptions);
  // Open on a wide screen; a phone sees the summary and opens it if wanted.
  els["rules-details"].open = window.innerWidth > 700;
  els["create-form"].addEventListener("submit", onCreate);
  els.edition.addEventListener("change", () => chooseEdition(els.edition.value));
  els.start.addEventListener("click", onStart);
  els["new-game"].addEventListener("click", () => {
    stopWatching();
    history.replaceState(null, "", "/");
    lobby.created = null;
    els.created.hidden = true;
    els["create-form"].hidden = false;
  });
  els["copy-watch"].addEventListener("click", (ev) => copyWithFeedback(els["watch-link"].href, ev.currentTarget));

  loadGames();
  lobby.editions = await getEditions();
  replaceChildren(els.edition, lobby.editions.map((e) => h("option", { value: e.name }, editionText(e))));
  lobby.seats = [
    { name: "Player 1", kind: "human", difficulty: null },
    { name: "Bot 2", kind: "bot", difficulty: "normal" },
  ];
  chooseEdition(lobby.editions[0]?.name);

  // Back from a seat's page, or reloaded: show the game this tab created.
  const gameId = new URLSearchParams(location.search).get("game");
  if (gameId) {
    const kept = hostCopy(gameId);
    if (kept) showCreated(kept);
    else showProblem("This game was set up in another browser: only that browser can start it. You can still watch it.");
  }
}

/** "Classic (2000-era board)": the era only where the title does not already say it. */
export function editionText(e) {
  const era = String(e.era || "").replace(/s$/, "");
  return !e.era || (era && e.title.includes(era)) || /\(.*\)/.test(e.title) ? e.title : `${e.title} (${e.era})`;
}

/** The host's copy of a game this browser created (or null). */
function hostCopy(id) {
  try {
    return JSON.parse(localStorage.getItem(HOST_KEY(id)) || "null");
  } catch {
    return null;
  }
}

function showProblem(text) {
  els.problem.textContent = text;
  els.problem.hidden = !text;
}

// ------------------------------------------------------------ the form

function chooseEdition(name) {
  const e = lobby.editions.find((x) => x.name === name);
  if (!e) return;
  lobby.edition = e;
  els.edition.value = e.name;
  els["edition-summary"].textContent = e.summary;
  els["rules-page-link"].href = `/rules/${encodeURIComponent(e.name)}`;
  // Keep the seats, trimmed or grown to what this edition allows.
  while (lobby.seats.length > e.max_players) lobby.seats.pop();
  while (lobby.seats.length < e.min_players) lobby.seats.push(newSeat());
  for (const s of lobby.seats) {
    if (s.kind === "bot" && !e.bots.includes(s.difficulty)) s.difficulty = defaultBot(e);
  }
  renderSeats();
  renderOptions();
}

function defaultBot(e) {
  return e.bots.includes("normal") ? "normal" : e.bots[0] || "random";
}

function newSeat() {
  const n = lobby.seats.length + 1;
  return { name: `Bot ${n}`, kind: "bot", difficulty: defaultBot(lobby.edition) };
}

function addSeat() {
  if (lobby.seats.length >= lobby.edition.max_players) return;
  lobby.seats.push(newSeat());
  renderSeats();
  els.seats.lastElementChild?.querySelector("input")?.focus();
}

function renderSeats() {
  const e = lobby.edition;
  els["seats-help"].textContent = `${e.min_players} to ${e.max_players} players. Each is a person (who gets a link) or a bot.`;
  const rows = lobby.seats.map((s, i) => {
    const n = i + 1;
    const name = h("input", {
      type: "text", id: `seat-name-${i}`, class: "seat-name", value: s.name, maxlength: 40, required: true,
      autocomplete: "off", "aria-label": `Name of player ${n}`,
      oninput: (ev) => { s.name = ev.target.value; },
    });
    const kind = h("select", {
      id: `seat-kind-${i}`, class: "seat-kind", "aria-label": `Player ${n} is`,
      onchange: (ev) => {
        s.kind = ev.target.value;
        s.difficulty = s.kind === "bot" ? s.difficulty || defaultBot(e) : null;
        renderSeats();
        document.getElementById(`seat-kind-${i}`)?.focus();
      },
    }, h("option", { value: "human", selected: s.kind === "human" }, "Person"),
    h("option", { value: "bot", selected: s.kind === "bot" }, "Bot"));
    const level = s.kind === "bot"
      ? h("select", {
        id: `seat-level-${i}`, class: "seat-level", "aria-label": `Player ${n}'s difficulty`,
        onchange: (ev) => { s.difficulty = ev.target.value; },
      }, e.bots.map((b) => h("option", { value: b, selected: s.difficulty === b }, humanize(b))))
      : null;
    const remove = h("button", {
      type: "button", class: "small secondary icon seat-remove", "aria-label": `Remove player ${n}`,
      disabled: lobby.seats.length <= e.min_players,
      onclick: () => {
        lobby.seats.splice(i, 1);
        renderSeats();
        els["add-seat"].focus();
      },
    }, "✕");
    const colour = seatColour(i);
    return h("li", { class: "seat-row", dataset: { seat: i } },
      h("span", { class: "seat-chip", style: { background: colour, color: textOn(colour) }, "aria-hidden": "true" }, String(n)),
      name, kind, level, remove);
  });
  replaceChildren(els.seats, rows);
  els["add-seat"].disabled = lobby.seats.length >= e.max_players;
}

/** House rules, each by its type, with its description and default. */
function renderOptions() {
  const e = lobby.edition;
  if (!e.options.length) {
    replaceChildren(els.options, h("p", { class: "help" }, "This edition has no house rules."));
    els["rules-summary"].textContent = "No house rules";
    return;
  }
  replaceChildren(els.options, e.options.map((o) => {
    const id = `opt-${o.name}`;
    const desc = h("p", { class: "help", id: `${id}-desc` }, o.description,
      " ", h("span", { class: "default-note" }, `Default: ${optionValueText(o, o.default)}.`));
    let control;
    if (o.type === "bool") {
      control = h("input", { type: "checkbox", id, name: o.name, checked: Boolean(o.default), "aria-describedby": `${id}-desc` });
      return h("div", { class: "option option-bool" }, h("label", { class: "check", for: id }, control, ` ${humanize(o.name)}`), desc);
    }
    if (o.type === "choice") {
      control = h("select", { id, name: o.name, "aria-describedby": `${id}-desc` },
        o.choices.map((c) => h("option", { value: c, selected: String(o.default) === c },
          `${optionValueText(o, c)}${String(o.default) === c ? " (default)" : ""}`)));
    } else {
      control = h("input", {
        type: "number", id, name: o.name, value: o.default, step: 1,
        min: o.min ?? false, max: o.max ?? false, inputmode: "numeric", "aria-describedby": `${id}-desc`,
      });
    }
    return h("div", { class: `option option-${o.type}` }, h("label", { for: id }, humanize(o.name)), control, desc);
  }));
  summarizeOptions();
}

/** "10 house rules, all at their defaults" / "... 2 changed". */
function summarizeOptions() {
  const e = lobby.edition;
  const changed = Object.keys(chosenOptions()).length;
  els["rules-summary"].textContent = `${e.options.length} house rules, ${changed ? `${changed} changed` : "all at their defaults"}`;
}

/** The house rules that differ from their defaults. */
function chosenOptions() {
  const out = {};
  for (const o of lobby.edition.options) {
    const el = document.getElementById(`opt-${o.name}`);
    if (!el) continue;
    let value;
    if (o.type === "bool") value = el.checked;
    else if (o.type === "int") value = Number(el.value);
    else value = el.value;
    if (String(value) !== String(o.default)) out[o.name] = value;
  }
  return out;
}

function formProblem() {
  const e = lobby.edition;
  if (lobby.seats.length < e.min_players || lobby.seats.length > e.max_players) {
    return { text: `This edition needs ${e.min_players} to ${e.max_players} players.` };
  }
  const seen = new Map();
  for (const [i, s] of lobby.seats.entries()) {
    if (!s.name.trim()) return { text: `Give player ${i + 1} a name.`, focus: `seat-name-${i}` };
    const key = s.name.trim().toLocaleLowerCase();
    if (seen.has(key)) {
      return { text: `Players ${seen.get(key) + 1} and ${i + 1} are both called ${s.name.trim()}: give each player a different name.`, focus: `seat-name-${i}` };
    }
    seen.set(key, i);
  }
  for (const o of e.options) {
    if (o.type !== "int") continue;
    const el = document.getElementById(`opt-${o.name}`);
    const v = Number(el.value);
    if (el.value === "" || !Number.isInteger(v) || (o.min !== null && v < o.min) || (o.max !== null && v > o.max)) {
      return { text: `${humanize(o.name)}: a whole number from ${o.min ?? "any"} to ${o.max ?? "any"}.`, focus: el.id };
    }
  }
  return null;
}

async function onCreate(ev) {
  ev.preventDefault();
  const problem = formProblem();
  if (problem) {
    els["form-error"].textContent = problem.text;
    els["form-error"].hidden = false;
    if (problem.focus) document.getElementById(problem.focus)?.focus();
    return;
  }
  els["form-error"].hidden = true;
  els.create.disabled = true;
  els.create.textContent = "Creating…";
  try {
    const body = {
      edition: lobby.edition.name,
      seats: lobby.seats.map((s) => (s.kind === "bot"
        ? { name: s.name.trim(), kind: "bot", difficulty: s.difficulty }
        : { name: s.name.trim(), kind: "human" })),
      options: chosenOptions(),
      pace: els.pace.value,
      clock: els.clock.value,
    };
    const created = await createGame(body);
    localStorage.setItem(HOST_KEY(created.id), JSON.stringify(created));
    history.replaceState(null, "", `/?game=${encodeURIComponent(created.id)}`);
    showCreated(created);
  } catch (err) {
    els["form-error"].textContent = err instanceof ApiError ? err.detail : String(err);
    els["form-error"].hidden = false;
  } finally {
    els.create.disabled = false;
    els.create.textContent = "Create the game";
  }
}

// ------------------------------------------------------------ after creating

function showCreated(created) {
  lobby.created = created;
  els["create-form"].hidden = true;
  els.created.hidden = false;
  els["watch-link"].href = absoluteUrl(created.watch_url);
  els["watch-link"].textContent = absoluteUrl(created.watch_url);
  renderSeatLinks(null);
  els["created-title"].focus();
  watch(created.id);
}

/** The seats with their links and whether each is here (`game`: GamePublic or null). */
function renderSeatLinks(game) {
  const created = lobby.created;
  replaceChildren(els["seat-links"], created.seats.map((s) => {
    const pub = game?.seats?.[s.seat];
    const colour = seatColour(s.seat);
    let linkCell;
    if (s.link) {
      const url = absoluteUrl(s.link);
      linkCell = h("td", {}, h("div", { class: "link-cell" },
        h("input", { type: "text", readonly: true, value: url, class: "link-field", "aria-label": `Link for ${s.name}`, onfocus: (ev) => ev.target.select() }),
        h("button", { type: "button", class: "small copy", onclick: (ev) => copyWithFeedback(url, ev.currentTarget), "aria-label": `Copy ${s.name}'s link` }, "Copy"),
        h("a", { href: url, class: "button-link small secondary", rel: "noreferrer", "aria-label": `Open ${s.name}'s seat here` }, "Open"),
        h("button", { type: "button", class: "small secondary relink", "aria-label": `Give ${s.name} a new link (the old one stops working)`, onclick: () => newLink(s) }, "New link")));
    } else {
      linkCell = h("td", {}, h("span", { class: "help" }, `Bot (${humanize(s.difficulty || "random")})`));
    }
    const here = s.kind === "bot"
      ? "✓ (a bot)"
      : pub?.connected ? "✓ connected" : pub?.joined ? "✓ joined" : "not yet";
    return h("tr", { dataset: { seat: s.seat } },
      h("td", {}, h("span", { class: "seat-chip", style: { background: colour, color: textOn(colour) } }, String(s.seat + 1))),
      h("th", { scope: "row" }, s.name),
      linkCell,
      h("td", { class: `here${s.kind !== "bot" && pub?.joined ? " yes" : ""}` }, here));
  }));
  const status = game?.status || "lobby";
  els.start.hidden = status !== "lobby";
  if (status !== "lobby" && lobby.socket) {
    // Once play starts the socket would carry every move: the slow poll is enough here.
    lobby.socket.close();
    lobby.socket = null;
  }
  if (status === "playing") {
    els["start-status"].replaceChildren("The game is on. ", h("a", { href: absoluteUrl(created.watch_url) }, "Watch it"), ".");
  } else if (status === "over") {
    els["start-status"].replaceChildren("The game is over. ", h("a", { href: `/replay/${encodeURIComponent(created.id)}` }, "See the replay"), ".");
  } else if (game) {
    const missing = game.seats.filter((s) => s.kind !== "bot" && !s.joined).map((s) => s.name);
    els["start-status"].textContent = missing.length
      ? `Not here yet: ${missing.join(", ")}. You can start anyway; they can join later.`
      : "Everyone is here.";
  }
}

/** A lost link: the seat gets a new one (the old stops working); the host's copy is updated. */
async function newLink(seat) {
  const created = lobby.created;
  if (!window.confirm(`Give ${seat.name} a new link? The old one stops working.`)) return;
  try {
    const made = await request(`/games/${encodeURIComponent(created.id)}/relink/${seat.seat}`,
      { method: "POST", token: created.host_token });
    seat.token = made.token;
    seat.link = made.link;
    localStorage.setItem(HOST_KEY(created.id), JSON.stringify(created));
    renderSeatLinks(null);
    announce(`${seat.name} has a new link.`);
  } catch (err) {
    showProblem(`No new link: ${err.detail || err}`);
  }
}

async function copyWithFeedback(text, button) {
  const ok = await copyText(text);
  const old = button.textContent;
  button.textContent = ok ? "Copied ✓" : "Select and copy";
  announce(ok ? "Link copied." : "Could not copy; select the link and copy it.");
  setTimeout(() => { button.textContent = old; }, 2000);
}

/** Follow who joins: a spectator socket (lobby messages), and a slow poll as a fallback. */
function watch(id) {
  stopWatching();
  const refresh = async () => {
    try {
      renderSeatLinks(await getGame(id));
    } catch (err) {
      if (err.status === 404) showProblem("This game no longer exists.");
    }
  };
  refresh();
  lobby.poll = setInterval(refresh, POLL_MS);
  try {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${proto}//${location.host}/ws/games/${encodeURIComponent(id)}`);
    ws.addEventListener("message", (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type === "lobby") renderSeatLinks(msg.game);
      else if (msg.type === "presence" || msg.type === "state") refreshSoon(refresh);
    });
    lobby.socket = ws;
  } catch {
    lobby.socket = null; // the poll still works
  }
}

let refreshTimer = null;
function refreshSoon(refresh) {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refresh();
  }, 500);
}

function stopWatching() {
  clearInterval(lobby.poll);
  lobby.poll = null;
  if (lobby.socket) lobby.socket.close();
  lobby.socket = null;
}

async function onStart() {
  const created = lobby.created;
  const token = created?.host_token;
  if (!token) return;
  els.start.disabled = true;
  els["start-status"].textContent = "Starting…";
  try {
    const game = await startGame(created.id, token);
    renderSeatLinks(game);
    const mine = created.seats.find((s) => s.link);
    announce("The game has started.");
    if (mine) {
      els["start-status"].replaceChildren("The game has started. ",
        h("a", { href: absoluteUrl(mine.link), class: "button-link", rel: "noreferrer", id: "play-first" }, `Play as ${mine.name}`),
        " or ", h("a", { href: absoluteUrl(created.watch_url) }, "watch"), ".");
    }
  } catch (err) {
    els["start-status"].textContent = err.status === 409
      ? "The game has already started."
      : `Could not start: ${err instanceof ApiError ? err.detail : err}`;
  } finally {
    els.start.disabled = false;
  }
}

// ------------------------------------------------------------ other games

const ABANDONED_MS = 24 * 3600 * 1000; // a day without a start, or without a person at it

function recent(when) {
  return Date.now() - new Date(when).getTime() < ABANDONED_MS;
}

async function loadGames() {
  try {
    const [waiting, playingAll, over] = await Promise.all([listGames("lobby", 8), listGames("playing", 8), listGames("over", 8)]);
    const list = (games, verb, href) => (games.data.length
      ? h("ul", { class: "game-list" }, games.data.map((g) => h("li", {},
        h("a", { href: href(g.id) }, `${verb}: ${g.seats.map((s) => s.name).join(", ")}`),
        h("span", { class: "help game-when" }, `${g.edition}, ${new Date(g.created_at).toLocaleString()}`))))
      : h("p", { class: "help" }, "None."));
    // Games waiting for their host: this browser's own can be opened to start them.
    // Abandoned games are left out: one nobody started within a day, and one in
    // play with no person at it that began more than a day ago.
    const mine = { data: waiting.data.filter((g) => hostCopy(g.id)) };
    const others = { data: waiting.data.filter((g) => !hostCopy(g.id) && recent(g.created_at)) };
    const playing = { data: playingAll.data.filter((g) => recent(g.started_at || g.created_at)
      || g.seats.some((s) => s.kind !== "bot" && s.connected)) };
    replaceChildren(els["games-lists"],
      mine.data.length ? [h("h3", {}, "Yours, waiting to start"), list(mine, "Open", (id) => `/?game=${encodeURIComponent(id)}`)] : null,
      h("h3", {}, "Waiting to start"), list(others, "Watch", (id) => `/play/${encodeURIComponent(id)}`),
      h("h3", {}, "Being played"), list(playing, "Watch", (id) => `/play/${encodeURIComponent(id)}`),
      h("h3", {}, "Finished"), list(over, "Replay", (id) => `/replay/${encodeURIComponent(id)}`));
  } catch {
    replaceChildren(els["games-lists"], h("p", { class: "help" }, "The list of games is not available."));
  }
}
