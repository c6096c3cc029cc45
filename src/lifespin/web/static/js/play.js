// The game page: /play/{game_id}?seat=k&token=T (a seat) or /play/{game_id}
// (a spectator). The server decides everything; this page shows the views it
// sends, one after the other, animating what they say happened (the spin,
// the car's drive), and sends back the action a player picks.

import { ABOUT_SAME, adviceVerdicts } from "./advice.js";
import { absoluteUrl, ApiError, askAdvice, getBoard, getGame, request, startGame } from "./api.js";
import { BoardView } from "./board.js";
import { ChatBox } from "./chat.js";
import { BoardModel } from "./edition.js";
import { GROUPS, describeAction, parseAction, shortAction } from "./labels.js";
import { eventSeat, narrate } from "./narrator.js";
import { renderPlayers } from "./panels.js";
import { renderResults } from "./results.js";
import { GameSocket } from "./socket.js";
import { Sound } from "./sound.js";
import { Spinner } from "./spinner.js";
import {
  announce, compactMoney, copyText, deadEndText, gameIdFromPath, h, money, prefersReducedMotion,
  replaceChildren, seatColour, seatTag, showDeadEnd, textOn,
} from "./util.js";

const LOG_LIMIT = 400;
const HISTORY_ON_LOAD = 40; // states fetched again on opening, to fill the log
const MOTION_KEY = "lifespin.animations";
// What the lobby kept for the host of a game (its answer to POST /games: the
// host token and every seat's link), so the host can start and hand out
// links from their own seat's page even after closing the lobby's tab.
const HOST_KEY = (id) => `lifespin.host.${id}`;


const els = {};
const app = {
  gameId: null,
  seat: null,
  token: null,
  game: null, // GamePublic
  model: null, // BoardModel
  boardView: null,
  spinner: null,
  socket: null,
  queue: [], // state messages waiting to be shown
  presenting: false,
  current: null, // the state message shown now
  catchUpUntil: -1, // states up to this version are history: no animation
  skip: null, // AbortController of the animation under way
  sent: null, // {id, version} of our action in flight
  presence: new Map(),
  adviceFor: null, // version the advice panel is for
  adviceAbort: null,
  finalShown: false,
  wasMine: false, // the decision shown was ours (announce only the change)
  sound: null,
  host: null, // the lobby's POST /games answer, when this browser created the game
  confirmed: false, // the server accepted this page's seat and token
};

init().catch((err) => deadEnd(err instanceof ApiError ? deadEndText(err)
  : { heading: "Something went wrong", text: String(err) }));

/** Stop for good: no such game, a bad link, a wrong token. */
function deadEnd({ heading, text }) {
  showDeadEnd({ heading, text, problem: els.problem, title: els["game-title"] });
  els.role.textContent = "";
  els.conn.hidden = true;
  els.retry.hidden = true;
  els["lobby-wait"].hidden = true;
  els["play-main"].hidden = true;
}

async function init() {
  for (const id of ["game-title", "role", "conn", "retry", "problem", "final-area", "lobby-wait",
    "lobby-seats", "play-main", "board", "turn-text", "spinner", "skip", "animate-toggle",
    "decision", "decision-title", "decision-help", "choices", "decision-error", "advice-box",
    "advice-button", "advice", "players", "log", "host-tools", "invite-links", "host-start",
    "host-start-status", "sound-toggle", "celebration", "rules-link", "lobby-wait-help", "chat", "clock-text", "away-note", "take-back"]) {
    els[id] = document.getElementById(id);
  }
  app.gameId = gameIdFromPath("play");
  const params = new URLSearchParams(location.search);
  if (params.has("seat") && params.get("seat") !== "") {
    app.seat = Number(params.get("seat"));
    app.token = params.get("token");
  }
  if (!app.gameId) {
    deadEnd({ heading: "No game named", text: "This address names no game. Open a link from the lobby." });
    return;
  }
  if (app.seat !== null && (!Number.isInteger(app.seat) || app.seat < 0 || !app.token)) {
    deadEnd({ heading: "This link is broken", text: "The seat link is incomplete (it needs its seat number and token): copy the whole link again." });
    return;
  }
  setupControls();

  app.game = await getGame(app.gameId);
  if (app.seat !== null && !app.game.seats[app.seat]) {
    deadEnd({ heading: "No such seat", text: `This game has ${app.game.seats.length} seats; the link names seat ${app.seat + 1}.` });
    return;
  }
  // Who this page plays is said once the server has accepted the seat's token.
  els.role.textContent = app.seat !== null ? "Checking your seat…" : "Watching";
  try {
    app.host = JSON.parse(localStorage.getItem(HOST_KEY(app.gameId)) || "null");
  } catch {
    app.host = null;
  }
  els["rules-link"].href = `/rules/${encodeURIComponent(app.game.edition)}`;
  els["rules-link"].hidden = false;
  els["game-title"].textContent = `${app.game.edition} game`;
  try {
    app.model = new BoardModel(await getBoard(app.game.edition, app.game.options));
    els["game-title"].textContent = app.model.data.title;
    document.title = `lifespin — ${app.model.data.title}`;
  } catch (err) {
    // Still playable without a drawing: panels, decisions and the log work.
    app.model = new BoardModel(emptyBoard(app.game.edition));
    showProblem(`The board could not be loaded (${err.detail || err}); the game can still be played.`);
  }

  app.spinner = new Spinner(els.spinner, app.model.data.spinner || 10, { onTick: () => app.sound.tick() });
  if (app.model.spaces.length) {
    app.boardView = new BoardView(els.board, app.model);
    app.boardView.followSeat = app.seat; // a phone's board follows your car (a spectator's: the one in play)
  }
  else els.board.append(h("p", { class: "help" }, "No board drawing for this edition."));

  // Reopening a game in progress: fetch the last few states again for the log.
  if (app.game.status !== "lobby" && app.game.version > 0) {
    app.catchUpUntil = app.game.version;
  }
  try {
    setClock(await request(`/games/${encodeURIComponent(app.gameId)}/clock`));
  } catch {
    app.clock = null; // no clock is no reason to stop the game
  }
  app.chat = new ChatBox(els.chat, { gameId: app.gameId, seat: app.seat, token: app.token });
  app.chat.load();
  app.socket = new GameSocket({
    gameId: app.gameId, seat: app.seat, token: app.token,
    onMessage, onStatus: showConnection,
  });
  if (app.catchUpUntil > 0) app.socket.since = Math.max(0, app.catchUpUntil - HISTORY_ON_LOAD);
  app.socket.connect();
  if (app.game.status === "lobby") showLobby(app.game);
  // For the browser tests and the curious: the page's state, read-only.
  window.lifespin = { app, dropConnection: () => app.socket.drop() };
}

function emptyBoard(name) {
  return {
    name, title: name, spinner: 10, loan_amount: 0, loan_payback: 0, spaces: [], careers: [],
    salaries: [], houses: [], stocks: [], display: {}, options: {},
  };
}

// ------------------------------------------------------------ controls

function setupControls() {
  const stored = localStorage.getItem(MOTION_KEY);
  els["animate-toggle"].checked = stored === null ? !prefersReducedMotion() : stored === "on";
  if (prefersReducedMotion()) {
    // The system's "reduce motion" always wins; say so rather than offer a dead switch.
    els["animate-toggle"].checked = false;
    els["animate-toggle"].disabled = true;
    els["animate-toggle"].parentElement.title = "Off: your system asks for reduced motion";
  }
  els["animate-toggle"].addEventListener("change", () => {
    localStorage.setItem(MOTION_KEY, els["animate-toggle"].checked ? "on" : "off");
    if (!els["animate-toggle"].checked) skipAnimation();
  });
  els.skip.addEventListener("click", skipAnimation);
  app.sound = new Sound();
  const showSound = () => {
    els["sound-toggle"].setAttribute("aria-pressed", String(app.sound.on));
    els["sound-toggle"].textContent = app.sound.on ? "Sound on" : "Sound off";
    els["sound-toggle"].setAttribute("aria-label", app.sound.on ? "Sound is on; press to mute" : "Sound is off; press to turn it on");
  };
  showSound();
  els["sound-toggle"].addEventListener("click", () => {
    app.sound.setOn(!app.sound.on);
    showSound();
  });
  els["host-start"].addEventListener("click", hostStart);
  els["take-back"].addEventListener("click", takeBack);
  setInterval(showClock, 1000);
  els.retry.addEventListener("click", () => app.socket?.reconnectNow());
  els["advice-button"].addEventListener("click", requestAdvice);
  document.addEventListener("keydown", onKey);
}

function animationsOn() {
  return els["animate-toggle"].checked && !prefersReducedMotion();
}

function skipAnimation() {
  app.skip?.abort();
}

/** Number keys pick the n-th choice (0 is the tenth); Escape skips an animation. */
function onKey(ev) {
  if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const target = ev.target;
  if (target instanceof HTMLElement && target.closest("input, select, textarea, [contenteditable]")) return;
  if (ev.key === "Escape") {
    skipAnimation();
    return;
  }
  if (/^[0-9]$/.test(ev.key)) {
    const n = ev.key === "0" ? 10 : Number(ev.key);
    const button = els.choices.querySelectorAll("button.choice")[n - 1];
    if (button && !button.disabled) {
      ev.preventDefault();
      button.focus();
      button.click();
    }
  }
}

// ------------------------------------------------------------ connection

function showConnection(status, detail) {
  const text = {
    connecting: "Connecting…",
    reconnecting: "Reconnecting…",
    open: "Connected",
    waiting: `Connection lost; retrying in ${detail} s`,
    failed: `Not connected: ${detail}`,
  }[status] || status;
  els.conn.dataset.state = status;
  els.conn.querySelector(".conn-text").textContent = text;
  els.retry.hidden = status !== "waiting";
  if (status === "failed") {
    deadEnd({ heading: "This link does not work", text: detail });
    return;
  }
  if (status === "open") {
    // Whatever we were waiting for is either done or refused by now.
    els["decision-error"].hidden = true;
  }
}

function onMessage(msg) {
  if (!app.confirmed && (msg.type === "state" || msg.type === "lobby")) {
    app.confirmed = true;
    if (app.seat !== null) {
      const seatName = app.game.seats[app.seat]?.name;
      els.role.textContent = `Playing as ${seatName ?? seatTag(app.seat)} (${seatTag(app.seat)})`;
    }
  }
  switch (msg.type) {
    case "state":
      app.queue.push(msg);
      pump();
      break;
    case "lobby":
      app.game = msg.game;
      showLobby(msg.game);
      break;
    case "presence":
      app.presence = new Map(msg.seats.map((s) => [s.seat, s.connected]));
      if (app.current && !app.presenting) renderPanels(app.current.view);
      break;
    case "ack":
      if (app.sent && msg.id === app.sent.id) app.sent = null;
      break;
    case "error":
      onServerError(msg);
      break;
    case "advice":
      showAdvice(msg.version, msg.advice);
      break;
    case "chat":
      app.chat?.add(msg);
      break;
    case "rematch":
      offerRematch(msg.game);
      break;
    case "clock":
      setClock(msg);
      break;
    default:
      break; // pong and anything newer
  }
}

function onServerError(msg) {
  if (["not_found", "bad_seat", "bad_token"].includes(msg.code)) {
    deadEnd({ heading: "This link does not work", text: msg.message });
    return;
  }
  if (app.sent && msg.id === app.sent.id) app.sent = null;
  if (msg.code === "stale_version" || msg.code === "not_your_turn") {
    // Someone moved first; the newer state is on its way. Nothing to say.
    renderDecision();
    return;
  }
  els["decision-error"].textContent = msg.message || msg.code;
  els["decision-error"].hidden = false;
  renderDecision();
}

function showProblem(text) {
  els.problem.textContent = text;
  els.problem.hidden = !text;
}

// ------------------------------------------------------------ lobby

function showLobby(game) {
  if (game.status !== "lobby") {
    els["lobby-wait"].hidden = true;
    return;
  }
  els["lobby-wait"].hidden = false;
  replaceChildren(els["lobby-seats"], game.seats.map((s) => h("li", { class: s.joined ? "joined" : "" },
    h("span", { class: "seat-chip", style: { background: seatColour(s.seat), color: textOn(seatColour(s.seat)) }, "aria-hidden": "true" }, String(s.seat + 1)),
    " ", h("strong", {}, s.name), s.seat === app.seat ? " (you)" : "", " · ",
    h("span", { class: "status-word" }, s.kind === "bot" ? `bot (${s.difficulty})` : s.joined ? "✓ here" : "not here yet"))));
  renderHostTools(game);
}

/** The host's Start button and the seats' links, on the host's own seat page too. */
function renderHostTools(game) {
  const host = app.host;
  const isHost = Boolean(host && host.host_token && host.id === app.gameId);
  els["host-tools"].hidden = !isHost;
  if (!isHost) return;
  els["lobby-wait-title"] ??= document.getElementById("lobby-wait-title");
  els["lobby-wait-title"].textContent = "Ready when you are";
  els["lobby-wait-help"].textContent = "Who is here:";
  replaceChildren(els["invite-links"], host.seats.filter((s) => s.link && s.seat !== app.seat).map((s) => {
    const url = absoluteUrl(s.link);
    const pub = game.seats[s.seat];
    return h("li", { dataset: { seat: s.seat } },
      h("label", { for: `invite-${s.seat}` }, `${s.name}'s link`, pub?.joined ? " (here)" : ""),
      h("div", { class: "link-cell" },
        h("input", { id: `invite-${s.seat}`, type: "text", readonly: true, value: url, class: "link-field", onfocus: (ev) => ev.target.select() }),
        h("button", {
          type: "button", class: "small", "aria-label": `Copy ${s.name}'s link`,
          onclick: async (ev) => {
            const button = ev.currentTarget;
            const ok = await copyText(url);
            button.textContent = ok ? "Copied ✓" : "Select and copy";
            setTimeout(() => { button.textContent = "Copy"; }, 2000);
          },
        }, "Copy"),
        h("button", {
          type: "button", class: "small secondary relink", "aria-label": `Give ${s.name} a new link (the old one stops working)`,
          onclick: () => hostRelink(s, game),
        }, "New link")));
  }));
}

/** A lost link: a new one for the seat (the old stops working), kept in the host's copy. */
async function hostRelink(seat, game) {
  if (!window.confirm(`Give ${seat.name} a new link? The old one stops working.`)) return;
  try {
    const made = await request(`/games/${encodeURIComponent(app.gameId)}/relink/${seat.seat}`,
      { method: "POST", token: app.host.host_token });
    seat.token = made.token;
    seat.link = made.link;
    localStorage.setItem(HOST_KEY(app.gameId), JSON.stringify(app.host));
    renderHostTools(game);
  } catch (err) {
    showProblem(`No new link: ${err.detail || err}`);
  }
}

async function hostStart() {
  if (!app.host) return;
  els["host-start"].disabled = true;
  els["host-start-status"].textContent = "Starting…";
  try {
    await startGame(app.gameId, app.host.host_token);
    els["host-start-status"].textContent = "Started.";
  } catch (err) {
    els["host-start-status"].textContent = err.status === 409
      ? "The game has already started."
      : `Could not start: ${err instanceof ApiError ? err.detail : err}`;
    els["host-start"].disabled = false;
  }
}

// ------------------------------------------------------------ states, in order

async function pump() {
  if (app.presenting) return;
  app.presenting = true;
  try {
    while (app.queue.length) {
      const msg = app.queue.shift();
      if (app.current && msg.version <= app.current.version) continue; // a resend after reconnect
      await present(msg);
    }
  } finally {
    app.presenting = false;
  }
  // Still catching up with the game as it was when the page opened: more
  // states are on their way, so offer no (stale) choices yet.
  if (app.current && app.current.version < app.catchUpUntil) return;
  renderDecision();
}

/** Show one state: log its events, animate the spin and moves, then draw it. */
/** "+$20,000" rising over the player's panel (and car) that gained or paid it. */
function floatMoney(seat, delta, animate) {
  if (delta > 0) app.sound.gain();
  else app.sound.loss();
  const text = `${delta > 0 ? "+" : "−"}${money(Math.abs(delta))}`;
  const card = els.players.querySelector(`.player[data-seat="${seat}"]`);
  if (card) {
    for (const old of card.querySelectorAll(".money-float")) old.remove(); // the newest says it
    const tag = h("span", { class: `money-float ${delta > 0 ? "gain" : "loss"}`, "aria-hidden": "true" }, text);
    card.append(tag);
    setTimeout(() => tag.remove(), animate ? 1800 : 1200);
  }
  app.boardView?.floatText(seat, text, delta > 0);
}

async function present(msg) {
  const { view } = msg;
  const first = !app.current;
  app.current = msg;
  els["lobby-wait"].hidden = true;
  els["play-main"].hidden = false;
  const names = view.players.map((p) => p.name);
  const ctx = { board: app.model, names };
  const history = msg.version <= app.catchUpUntil;
  // Behind by several states (a burst of bot moves, or a reconnect): no animation.
  const animate = animationsOn() && !history && app.queue.length < 3 && !first;

  if (first) {
    const who = app.seat === null ? "Watching" : `Playing as ${names[app.seat] ?? seatTag(app.seat)}`;
    els.log.append(h("li", { class: "ev note" }, msg.version <= 8
      ? `${who}: the game begins.`
      : `${who}, from move ${msg.version}.`));
  }
  const events = view.events || [];
  if (animate && events.some((e) => e.type === "spun" || e.type === "moved" || e.type === "sent_back")) {
    // Tell it as it happens: each sentence once its spin or drive is shown.
    app.skip = new AbortController();
    els.skip.hidden = false;
    const signal = app.skip.signal;
    for (const e of events) {
      if (e.type === "spun") {
        await app.spinner.spin(e.value, { animate: !signal.aborted, signal, caption: `${names[e.seat]}: ` });
      } else if (e.type === "moved" && app.boardView) {
        await app.boardView.drive(e.seat, e.path, { animate: !signal.aborted, signal });
      } else if (e.type === "sent_back" && app.boardView) {
        await app.boardView.drive(e.target, e.path, { animate: !signal.aborted, signal });
      }
      logEvent(e, ctx, view);
    }
    els.skip.hidden = true;
    app.skip = null;
  } else {
    for (const e of events) logEvent(e, ctx, view);
    const spun = events.filter((e) => e.type === "spun").pop();
    if (spun) app.spinner.spin(spun.value, { animate: false, caption: `${names[spun.seat]}: ` });
    if (app.boardView && events.some((e) => e.type === "moved")) app.boardView.clearTrail();
  }

  const decider = view.decision && !view.decision.chance ? view.decision.seat : null;
  if (app.clock?.limit && !history) app.clockDeadline = performance.now() + app.clock.limit * 1000;
  const before = app.lastCash;
  app.lastCash = new Map(view.players.map((p) => [p.seat, p.cash]));
  app.boardView?.setPlayers(view.players, decider);
  renderPanels(view);
  if (before && !history) {
    for (const p of view.players) {
      const delta = p.cash - (before.get(p.seat) ?? p.cash);
      if (delta) floatMoney(p.seat, delta, animate);
    }
  }
  renderTurn(view, msg.status);
  if (msg.status === "over" && view.results) showFinal(view.results);
}

function renderPanels(view) {
  renderPlayers(els.players, view, {
    board: app.model, mySeat: app.seat, seats: app.game?.seats, presence: app.presence,
    away: new Set(app.clock?.away || []),
    // The host may hand an absent player's seat to a bot (until they take it back).
    onHandOver: app.host?.host_token && app.host.id === app.gameId && view && !view.results
      ? handOver : null,
  });
}

// ------------------------------------------------------------ the turn clock

/** The game's clock (GET .../clock or a "clock" message): its limit and who is away. */
function setClock(info) {
  if (!info || (info.clock === "off" && !(info.away || []).length)) {
    app.clock = null;
    els["clock-text"].hidden = true;
    return;
  }
  app.clock = { ...info };
  if (info.left !== null && info.left !== undefined) app.clockDeadline = performance.now() + info.left * 1000;
  const away = new Set(info.away || []);
  els["away-note"].hidden = !(app.seat !== null && away.has(app.seat));
  if (app.current && !app.presenting) renderPanels(app.current.view);
  showClock();
}

/** "0:27 left for Ana", once a second, while a person's decision is timed. */
function showClock() {
  const box = els["clock-text"];
  const msg = app.current;
  const d = msg?.view?.decision;
  const timed = app.clock?.limit && msg && msg.status !== "over" && d && !d.chance
    && app.game?.seats?.[d.seat]?.kind !== "bot" && !(app.clock.away || []).includes(d.seat);
  if (!timed || app.clockDeadline === undefined) {
    box.hidden = true;
    return;
  }
  const left = Math.max(0, Math.round((app.clockDeadline - performance.now()) / 1000));
  const who = d.seat === app.seat ? "you" : msg.view.players[d.seat]?.name;
  box.textContent = `⏱ ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} left for ${who}`;
  box.classList.toggle("urgent", left <= 10);
  box.hidden = false;
}

async function handOver(seat, name) {
  if (!window.confirm(`Let a bot play for ${name} until they come back?`)) return;
  try {
    setClock(await request(`/games/${encodeURIComponent(app.gameId)}/away/${seat}`,
      { method: "POST", token: app.host.host_token }));
  } catch (err) {
    showProblem(`No bot for ${name}: ${err.detail || err}`);
  }
}

async function takeBack() {
  try {
    setClock(await request(`/games/${encodeURIComponent(app.gameId)}/seats/${app.seat}/back`,
      { method: "POST", token: app.token }));
  } catch (err) {
    showProblem(`Could not take the seat back: ${err.detail || err}`);
  }
}

// ------------------------------------------------------------ the log

function logEvent(e, ctx, view) {
  let text;
  try {
    text = narrate(e, ctx);
  } catch {
    text = `${e.type}`;
  }
  const li = h("li", { class: `ev ev-${e.type}` });
  if (e.type === "turn_started") li.classList.add("turn-start");
  const seat = eventSeat(e);
  if (seat !== null && seat < view.players.length) {
    const colour = seatColour(seat);
    li.append(h("span", { class: "seat-chip small", style: { background: colour, color: textOn(colour) }, "aria-hidden": "true" }, String(seat + 1)), " ");
  }
  li.append(text);
  const log = els.log;
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.append(li);
  while (log.children.length > LOG_LIMIT) log.firstElementChild.remove();
  if (nearBottom) log.scrollTop = log.scrollHeight;
}

// ------------------------------------------------------------ whose turn, and the decision

function renderTurn(view, status) {
  const d = view.decision;
  let text;
  if (status === "over") text = "The game is over.";
  else if (!d) text = "…";
  else if (d.chance) text = `Waiting for ${d.label}…`;
  else {
    const name = view.players[d.seat]?.name ?? seatTag(d.seat);
    text = d.seat === app.seat
      ? `Your turn: ${phaseWords(d)}.`
      : d.phase === "turn" ? `${name}'s turn.` : `${name} is ${gerund(phaseWords(d))}.`;
  }
  els["turn-text"].textContent = text;
  const mine = d && !d.chance && d.seat === app.seat && status !== "over";
  els["turn-text"].classList.toggle("mine", Boolean(mine));
  document.title = `${mine ? "▶ Your turn — " : ""}lifespin — ${app.model.data.title}`;
}

/** "choose a road" -> "choosing a road". */
function gerund(phrase) {
  const [verb, ...rest] = phrase.split(" ");
  let ing;
  if (/^(spin|put)$/.test(verb)) ing = `${verb}${verb.slice(-1)}ing`;
  else if (/[^e]e$/.test(verb)) ing = `${verb.slice(0, -1)}ing`;
  else ing = `${verb}ing`;
  return [ing, ...rest].join(" ");
}

/** What the deciding seat is asked to do, in words. */
function phaseWords(d) {
  if (d.phase === "turn" && Array.isArray(d.actions) && d.actions.some((a) => a.startsWith("start:"))) {
    return "choose how to start";
  }
  if (d.phase === "turn" && Array.isArray(d.actions) && d.actions.length === 1) return "spin";
  return d.label; // the engine's words for the decision (its registry)
}

/** The decision panel for the state shown now (only once the queue is empty). */
function renderDecision() {
  const msg = app.current;
  if (!msg) return;
  const { view } = msg;
  const d = view.decision;
  const mine = msg.status !== "over" && d && !d.chance && d.seat === app.seat && Array.isArray(d.actions);
  els.decision.hidden = msg.status === "over";
  els["advice-box"].hidden = !mine;
  if (app.adviceFor !== null && app.adviceFor !== msg.version) {
    app.adviceAbort?.abort();
    replaceChildren(els.advice);
    app.adviceFor = null;
  }
  const canSpin = mine && d.actions.includes("spin");
  app.spinner.setSpinnable(canSpin ? () => {
    const b = els.choices.querySelector('button.choice[data-action="spin"]');
    if (b && !b.disabled) b.click();
  } : null);
  if (!mine) {
    els["decision-title"].textContent = app.seat === null ? "Watching" : "Waiting";
    const who = d && !d.chance ? view.players[d.seat]?.name : null;
    const bot = d && !d.chance && app.game?.seats?.[d.seat]?.kind === "bot";
    els["decision-help"].textContent = msg.status === "over" ? "" : !d ? "" : d.chance
      ? "Chance is at work."
      : app.seat === null
        ? `${who} is deciding.`
        : `Waiting for ${who}${bot ? " (a bot)" : ""}.`;
    replaceChildren(els.choices);
    app.wasMine = false;
    return;
  }
  const what = phaseWords(d);
  els["decision-title"].textContent = "Your turn";
  replaceChildren(els["decision-help"], `${what[0].toUpperCase()}${what.slice(1)}.`,
    d.actions.length > 1 ? h("span", { class: "keys-hint" }, " Number keys pick a choice.") : null);
  const ctx = { board: app.model, view, seat: app.seat };
  const buttons = [];
  const makeButton = (label, i, short) => {
    const { text, hint } = describeAction(label, ctx);
    const key = i < 9 ? String(i + 1) : i === 9 ? "0" : null;
    const b = h("button", {
      type: "button", class: `choice${i === 0 ? " primary" : ""}${short ? " short" : ""}`,
      dataset: { action: label }, "aria-keyshortcuts": key || false, title: hint || false,
      "aria-label": short ? text : false,
      onclick: () => choose(label, msg.version, b),
    },
    key ? h("kbd", { "aria-hidden": "true" }, key) : null,
    h("span", { class: "choice-text" }, short || text),
    hint && !short ? h("span", { class: "choice-hint" }, hint) : null);
    buttons.push(b);
    return b;
  };
  // Runs of the same kind (a stock per number, a player per seat) as one group.
  const parts = [];
  for (let i = 0; i < d.actions.length;) {
    const { kind } = parseAction(d.actions[i]);
    let j = i;
    while (j < d.actions.length && parseAction(d.actions[j]).kind === kind) j++;
    if (GROUPS[kind] && j - i >= 3) {
      const group = GROUPS[kind];
      const titleId = `group-${kind}`;
      const members = d.actions.slice(i, j);
      let body;
      if (kind === "bet") {
        // Spin to Win: a row of stakes for each number.
        const rows = new Map();
        members.forEach((label, k) => {
          const [number, stake] = String(parseAction(label).arg).split("-");
          if (!rows.has(number)) rows.set(number, []);
          rows.get(number).push(makeButton(label, i + k, compactMoney(Number(stake))));
        });
        body = h("div", { class: "bet-rows" }, [...rows].map(([number, buttons]) =>
          h("div", { class: "bet-row", role: "group", "aria-label": `Bets on ${number}` },
            h("span", { class: "bet-number" }, `On ${number}:`), buttons)));
      } else {
        body = h("div", { class: "group-buttons" },
          members.map((label, k) => makeButton(label, i + k, shortAction(label, ctx))));
      }
      parts.push(h("div", { class: "choice-group", role: "group", "aria-labelledby": titleId },
        h("p", { class: "group-title", id: titleId }, group.title,
          group.hint ? h("span", { class: "choice-hint" }, ` — ${group.hint}`) : null),
        body));
    } else {
      for (let k = i; k < j; k++) parts.push(makeButton(d.actions[k], k, null));
    }
    i = j;
  }
  replaceChildren(els.choices, parts);
  els["decision-error"].hidden = true;
  if (!app.wasMine) {
    announce(`Your turn: ${what}.`);
    // Bring the choices to hand, but never steal focus from a form field.
    if (!document.activeElement || document.activeElement === document.body || document.activeElement.closest?.("#choices")) {
      buttons[0]?.focus({ preventScroll: true });
    }
  } else if (document.activeElement === document.body) {
    buttons[0]?.focus({ preventScroll: true });
  }
  app.wasMine = true;
}

function choose(label, version, button) {
  if (!app.socket) return;
  for (const b of els.choices.querySelectorAll("button")) b.disabled = true;
  app.spinner.setSpinnable(null);
  button.setAttribute("aria-busy", "true");
  button.classList.add("chosen");
  const id = app.socket.act(label, version);
  app.sent = { id, version };
  if (!app.socket.isOpen()) {
    els["decision-error"].textContent = "Not connected: your choice is sent when the connection is back.";
    els["decision-error"].hidden = false;
  }
}

// ------------------------------------------------------------ advice

async function requestAdvice() {
  const msg = app.current;
  if (!msg || app.seat === null) return;
  app.adviceAbort?.abort();
  app.adviceAbort = new AbortController();
  app.adviceFor = msg.version;
  replaceChildren(els.advice, h("p", { class: "help" }, "Thinking… (the advisor plays each choice out many times)"));
  els["advice-button"].disabled = true;
  try {
    const answer = await askAdvice(app.gameId, app.seat, app.token, app.adviceAbort.signal);
    showAdvice(answer.version, answer.advice);
  } catch (err) {
    if (err.name === "AbortError") return;
    const text = err.status === 501
      ? "The advisor is not available on this server."
      : err.status === 409
        ? "Advice is only for your own decision, while the game is on."
        : `No advice: ${err.detail || err}`;
    replaceChildren(els.advice, h("p", { class: "help" }, text));
  } finally {
    els["advice-button"].disabled = false;
  }
}

/** The advisor's list: each action's chance of winning, with its 95% interval. */
function showAdvice(version, advice) {
  const msg = app.current;
  if (!msg || version !== msg.version) {
    replaceChildren(els.advice, h("p", { class: "help" }, "That advice was for an earlier moment; ask again."));
    return;
  }
  const rows = Array.isArray(advice) ? advice : [];
  if (!rows.length) {
    replaceChildren(els.advice, h("p", { class: "help" }, "The advisor has nothing to say here."));
    return;
  }
  const ctx = { board: app.model, view: msg.view, seat: app.seat };
  const pct = (x) => `${Math.round((Number(x) || 0) * 100)}%`;
  const verdicts = adviceVerdicts(rows);
  const list = h("ol", { class: "advice-list" }, rows.map((row, i) => {
    const label = actionText(row.action);
    const verdict = verdicts[i];
    return h("li", { class: `advice-${verdict.kind}` },
      h("span", { class: "advice-action" }, describeAction(label, ctx).text),
      h("span", { class: "advice-bar", "aria-hidden": "true" },
        h("span", { style: { width: pct(row.win) } })),
      h("span", { class: "advice-win" }, `${pct(row.win)} to win`),
      row.low !== undefined ? h("span", { class: "advice-range" }, ` (${pct(row.low)}–${pct(row.high)})`) : null,
      h("span", { class: "advice-verdict" }, ` — ${verdict.text}`));
  }));
  const rollouts = rows[0]?.rollouts;
  const same = verdicts.every((v) => v.kind !== "worse");
  replaceChildren(els.advice,
    same && rows.length > 1 ? h("p", { class: "advice-summary" }, "These choices are about the same: the differences are within the advisor's noise.") : null,
    list,
    h("p", { class: "help" }, `Chance of winning after each choice, best first; 95% range in brackets${rollouts ? `, from ${rollouts} games played out each` : ""}. Choices whose ranges overlap the best one's are "${ABOUT_SAME}".`));
}

/** An action as the advisor sends it: its notation, or {kind, arg}. */
function actionText(a) {
  if (typeof a === "string") return a;
  if (a && typeof a === "object") return a.arg === null || a.arg === undefined ? a.kind : `${a.kind}:${a.arg}`;
  return String(a);
}

// ------------------------------------------------------------ the end

/** The host asks for the same table again; every page is told and follows. */
async function startRematch(ev) {
  const button = ev.currentTarget;
  button.disabled = true;
  try {
    const made = await request(`/games/${encodeURIComponent(app.gameId)}/rematch`,
      { method: "POST", token: app.host.host_token });
    offerRematch(made.id);
  } catch (err) {
    button.disabled = false;
    showProblem(`No rematch: ${err.detail || err}`);
  }
}

/**
 * A rematch was made: the same seat (the same token works there) or the
 * watch page of the new game. The host's copy moves along, so the host's
 * seat page offers Start and the links again.
 */
function offerRematch(newId) {
  if (!newId || app.rematchShown === newId) return;
  app.rematchShown = newId;
  if (app.host?.host_token && app.host.id === app.gameId) {
    const swap = (link) => (link ? link.replace(`/play/${app.gameId}`, `/play/${newId}`) : link);
    const copy = {
      ...app.host, id: newId, watch_url: `/play/${newId}`, lobby_url: `/games/${newId}`,
      seats: app.host.seats.map((s) => ({ ...s, link: swap(s.link) })),
    };
    localStorage.setItem(HOST_KEY(newId), JSON.stringify(copy));
  }
  const href = app.seat !== null
    ? `/play/${encodeURIComponent(newId)}?seat=${app.seat}&token=${encodeURIComponent(app.token)}`
    : `/play/${encodeURIComponent(newId)}`;
  const area = els["final-area"];
  const note = h("p", { class: "rematch-note", role: "status" }, "A rematch at this table is ready. ",
    h("a", { href, class: "button-link", id: "join-rematch" }, app.seat !== null ? "Take your seat" : "Watch it"));
  (area.querySelector(".final") || area).prepend(note);
  announce("A rematch at this table is ready.");
}

/** Confetti in the winners' colours (none under reduced motion), and a fanfare. */
function celebrate(results) {
  app.sound.fanfare();
  const box = els.celebration;
  if (!animationsOn()) return;
  const colours = results.filter((r) => r.winner).map((r) => seatColour(r.seat));
  const palette = colours.length ? [...colours, "#f7d774", "#ffffff"] : ["#f7d774", "#9fd3f5", "#f5b1c8"];
  const bits = [];
  for (let i = 0; i < 80; i++) {
    bits.push(h("span", {
      class: "confetti",
      style: {
        left: `${Math.random() * 100}%`, background: palette[i % palette.length],
        animationDelay: `${Math.random() * 0.8}s`, animationDuration: `${2.2 + Math.random() * 1.6}s`,
        transform: `rotate(${Math.random() * 360}deg)`,
      },
    }));
  }
  replaceChildren(box, bits);
  box.hidden = false;
  setTimeout(() => { box.hidden = true; replaceChildren(box); }, 4500);
}

function showFinal(results) {
  if (app.finalShown) return;
  app.finalShown = true;
  const area = els["final-area"];
  replaceChildren(area, renderResults(results, {
    mySeat: app.seat, replayHref: `/replay/${encodeURIComponent(app.gameId)}`,
    recordHref: `/games/${encodeURIComponent(app.gameId)}/record`,
    recordName: `lifespin-${app.gameId}.json`,
  }));
  celebrate(results);
  if (app.host?.host_token && app.host.id === app.gameId) {
    area.querySelector(".final")?.append(h("p", {},
      h("button", { type: "button", id: "rematch", class: "primary", onclick: startRematch }, "Rematch: the same table again"),
      h("span", { class: "help" }, " Everyone's link follows the table to the new game.")));
  }
  area.hidden = false;
  els.decision.hidden = true;
  const me = results.find((r) => r.seat === app.seat);
  announce(me ? `Game over. You finished number ${me.rank} with ${money(me.worth)}.` : "Game over.");
  area.querySelector("h2")?.focus({ preventScroll: true });
  area.scrollIntoView({ behavior: animationsOn() ? "smooth" : "auto", block: "start" });
}
