// The replay page: /replay/{game_id}. Steps through a finished game's states
// (GET /games/{id}/replay) with the same board, panels and narration as the
// game page; the final standings at the last step.

import { getBoard, getGame, getReplay } from "./api.js";
import { BoardView } from "./board.js";
import { BoardModel } from "./edition.js";
import { describeAction, parseAction } from "./labels.js";
import { eventSeat, narrate } from "./narrator.js";
import { renderPlayers } from "./panels.js";
import { renderResults } from "./results.js";
import {
  deadEndText, gameIdFromPath, h, money, showDeadEnd, prefersReducedMotion, replaceChildren, seatColour, textOn,
} from "./util.js";

const PAGE = 500;
const AUTOPLAY_MS = 800;

const els = {};
const replay = {
  gameId: null,
  game: null,
  model: null,
  boardView: null,
  steps: [],
  index: 0,
  timer: null,
  drive: null, // AbortController of the drive under way
};

init().catch((err) => showDeadEnd({ ...deadEndText(err), problem: els.problem, title: els["game-title"] }));

async function init() {
  for (const id of ["game-title", "problem", "controls", "first", "prev", "next", "last", "play",
    "slider", "step-text", "turns-only", "final-area", "play-main", "board", "step-action",
    "step-events", "players"]) {
    els[id] = document.getElementById(id);
  }
  replay.gameId = gameIdFromPath("replay");
  if (!replay.gameId) {
    showDeadEnd({ heading: "No game named", text: "This address names no game.", problem: els.problem, title: els["game-title"] });
    return;
  }
  replay.game = await getGame(replay.gameId);
  if (replay.game.status !== "over") {
    showProblem("");
    els.problem.hidden = false;
    els.problem.replaceChildren("This game is not over yet, so there is no replay. ",
      h("a", { href: `/play/${encodeURIComponent(replay.gameId)}` }, "Watch it live"), ".");
    return;
  }
  try {
    replay.model = new BoardModel(await getBoard(replay.game.edition, replay.game.options));
  } catch (err) {
    replay.model = new BoardModel({ title: replay.game.edition, spaces: [], careers: [], salaries: [], houses: [], stocks: [], display: {} });
    showProblem(`The board could not be loaded (${err.detail || err}).`);
  }
  els["game-title"].textContent = `Replay — ${replay.model.data.title}`;
  document.title = `lifespin — replay of ${replay.game.seats.map((s) => s.name).join(", ")}`;

  // Every page of states.
  let start = 0;
  let total = Infinity;
  while (start < total) {
    const page = await getReplay(replay.gameId, start, PAGE);
    total = page.total;
    replay.steps.push(...page.steps);
    if (!page.steps.length) break;
    start += page.steps.length;
  }
  if (!replay.steps.length) {
    showProblem("This game has no steps to show.");
    return;
  }
  if (replay.model.spaces.length) replay.boardView = new BoardView(els.board, replay.model);
  els.controls.hidden = false;
  els["play-main"].hidden = false;
  els.slider.max = String(replay.steps.length - 1);
  setupControls();
  show(0, false);
  window.lifespin = { replay };
}

function showProblem(text) {
  els.problem.textContent = text;
  els.problem.hidden = !text;
}

function setupControls() {
  els.first.addEventListener("click", () => show(0, false));
  els.last.addEventListener("click", () => show(replay.steps.length - 1, false));
  els.prev.addEventListener("click", () => step(-1));
  els.next.addEventListener("click", () => step(1));
  els.play.addEventListener("click", togglePlay);
  els.slider.addEventListener("input", () => show(Number(els.slider.value), false));
  document.addEventListener("keydown", (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.target instanceof HTMLElement && ev.target.closest("input[type=range], select, textarea")) return;
    const actions = { ArrowRight: () => step(1), ArrowLeft: () => step(-1), Home: () => show(0, false), End: () => show(replay.steps.length - 1, false) };
    if (actions[ev.key]) {
      ev.preventDefault();
      actions[ev.key]();
    }
  });
}

/** A step where something visible happened (or the first and the last). */
function worthStopping(i) {
  if (!els["turns-only"].checked) return true;
  return i === 0 || i === replay.steps.length - 1 || (replay.steps[i].view.events || []).length > 0;
}

function step(direction) {
  let i = replay.index + direction;
  while (i > 0 && i < replay.steps.length - 1 && !worthStopping(i)) i += direction;
  i = Math.max(0, Math.min(replay.steps.length - 1, i));
  if (i !== replay.index) show(i, direction > 0);
  else if (replay.timer) togglePlay();
}

function togglePlay() {
  if (replay.timer) {
    clearInterval(replay.timer);
    replay.timer = null;
  } else {
    if (replay.index >= replay.steps.length - 1) show(0, false);
    replay.timer = setInterval(() => step(1), AUTOPLAY_MS);
  }
  els.play.textContent = replay.timer ? "Pause" : "Play";
  els.play.setAttribute("aria-pressed", replay.timer ? "true" : "false");
}

/** Show step i; `forward`: animate the moves that led to it. */
async function show(i, forward) {
  replay.drive?.abort();
  replay.index = i;
  const s = replay.steps[i];
  const { view } = s;
  const names = view.players.map((p) => p.name);
  els.slider.value = String(i);
  els.slider.setAttribute("aria-valuetext", `step ${i} of ${replay.steps.length - 1}`);
  els["step-text"].textContent = `Step ${i} of ${replay.steps.length - 1}`;
  els.prev.disabled = i === 0;
  els.first.disabled = i === 0;
  els.next.disabled = i === replay.steps.length - 1;
  els.last.disabled = i === replay.steps.length - 1;

  els["step-action"].textContent = describeStep(i);
  const ctx = { board: replay.model, names };
  replaceChildren(els["step-events"], (view.events || []).map((e) => {
    const seat = eventSeat(e);
    return h("li", {}, seat !== null
      ? [h("span", { class: "seat-chip small", style: { background: seatColour(seat), color: textOn(seatColour(seat)) }, "aria-hidden": "true" }, String(seat + 1)), " "]
      : null, narrate(e, ctx));
  }));
  if (!(view.events || []).length) els["step-events"].append(h("li", { class: "help" }, "Nothing visible happened."));

  renderPlayers(els.players, view, { board: replay.model, mySeat: null, seats: replay.game.seats });
  const decider = view.decision && !view.decision.chance ? view.decision.seat : null;
  if (replay.boardView) {
    const moves = (view.events || []).filter((e) => e.type === "moved" || e.type === "sent_back");
    if (forward && moves.length && !prefersReducedMotion()) {
      replay.drive = new AbortController();
      const signal = replay.drive.signal;
      for (const e of moves) {
        await replay.boardView.drive(e.type === "moved" ? e.seat : e.target, e.path, { animate: true, signal });
      }
      if (signal.aborted) return; // another step is being shown
    } else {
      replay.boardView.clearTrail();
    }
    replay.boardView.setPlayers(view.players, decider);
  }

  const area = els["final-area"];
  if (i === replay.steps.length - 1 && view.results) {
    replaceChildren(area, renderResults(view.results, {
      replayHref: null, recordHref: `/games/${encodeURIComponent(replay.gameId)}/record`,
      recordName: `lifespin-${replay.gameId}.json`,
    }));
    area.hidden = false;
  } else {
    area.hidden = true;
  }
}

/** What led to step i, in words: a seat's choice or a chance outcome. */
function describeStep(i) {
  const s = replay.steps[i];
  if (!s.action) return "The game is set up.";
  const prev = replay.steps[i - 1]?.view;
  const d = prev?.decision;
  const { kind, arg } = parseAction(s.action);
  if (d && !d.chance && typeof d.seat === "number") {
    const who = prev.players[d.seat]?.name ?? `Player ${d.seat + 1}`;
    return `${who}: ${describeAction(s.action, { board: replay.model, view: prev, seat: d.seat }).text}.`;
  }
  switch (kind) {
    case "spun": return `The wheel stops on ${arg}.`;
    case "draw_tile": return "A LIFE tile is drawn.";
    case "take_tile": return "A LIFE tile is taken.";
    case "deal_career": return `A career card is dealt: ${replay.model.careerName(arg)}.`;
    case "deal_house": return `A house deed is drawn: ${replay.model.houseName(arg)}.`;
    case "deal_salary": {
      const amount = replay.model.salaryAmount(arg);
      return `A salary card is dealt${amount ? `: ${money(amount)}` : ""}.`;
    }
    case "draw_wealth": return "A Share the Wealth card is drawn.";
    default: return `Chance: ${s.action}.`;
  }
}
