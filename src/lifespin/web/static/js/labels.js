// Decision buttons in words: an action label from view.decision.actions
// ("buy_house:log_cabin") becomes "Buy Log Cabin for $80,000", using the
// board (prices, lanes, careers) and the view (cash, other players).

import { RETIRE_PLACES } from "./edition.js";
import { article, humanize, money, plural } from "./util.js";

// What declining means, by what the game waits for (view.decision.phase).
const SKIPS = {
  buy_house: "Don't buy a house",
  sell_house: "Keep your house",
  night_school: "Skip night school",
  trade_salary: "Keep your salary",
  offer: "No insurance, thanks",
  gamble: "Don't gamble",
  bet: "Don't bet",
  exempt: "Keep the exemption card",
  play_collect: "Keep the card",
  play_pay: "Keep the card",
};

// Lane names that read well after "Take the ...".
const LANE_WORD = /\b(lane|route|road|path|shortcut|way|trail|expedition)\b/i;

// Kinds that come in runs (one per stock, number or player): shown as one
// group with a title and short buttons. `short` words one member.
export const GROUPS = {
  buy_stock: { title: "Buy a stock", hint: "It pays out whenever anyone spins its number" },
  free_stock: { title: "Take a stock free" },
  return_stock: { title: "Give back a stock" },
  bet: { title: "Bet on a number" },
  token: { title: "Put a token on a number" },
  lucky: { title: "Choose your lucky number" },
  tycoon: { title: "Or bet everything on a number (Tycoon)", hint: "Win outright, or go to the Poor Farm" },
  take_from: { title: "Take a LIFE tile from" },
  sue: { title: "Sue" },
  pay_card: { title: "Hand the pay card to" },
  trade_salary: { title: "Trade salaries with" },
  send_back: { title: "Send back" },
  take_money: { title: "Take money from" },
};

/** The short text of a grouped action ("#3", "Ana", "$5,000 on 7"). */
export function shortAction(label, ctx) {
  const { kind, arg } = parseAction(label);
  const name = (seat) => ctx.view?.players?.[Number(seat)]?.name ?? `seat ${Number(seat) + 1}`;
  switch (kind) {
    case "buy_stock":
    case "free_stock":
    case "return_stock":
      return `#${ctx.board.stockNumber(arg)}`;
    case "bet": {
      const [number, stake] = String(arg).split("-").map(Number);
      return `${money(stake)} on ${number}`;
    }
    case "token":
    case "lucky":
    case "tycoon":
      return String(arg);
    case "trade_salary": {
      const other = ctx.view?.players?.[Number(arg)];
      return other && other.salary ? `${name(arg)} (${money(other.salary)})` : name(arg);
    }
    default:
      return arg === null ? humanize(kind) : name(arg);
  }
}

/** Split "kind:arg" (the engine's notation). */
export function parseAction(label) {
  const at = label.indexOf(":");
  return at < 0 ? { kind: label, arg: null } : { kind: label.slice(0, at), arg: label.slice(at + 1) };
}

/**
 * An action in words.
 * @param {string} label - one of view.decision.actions
 * @param {{board: import("./edition.js").BoardModel, view: object, seat: number}} ctx
 * @returns {{text: string, hint: string}} the button text and a longer explanation
 */
export function describeAction(label, ctx) {
  const { board, view } = ctx;
  const { kind, arg } = parseAction(label);
  const me = view?.players?.[ctx.seat];
  const cash = me ? me.cash : 0;
  const name = (seat) => view?.players?.[Number(seat)]?.name ?? `seat ${Number(seat) + 1}`;
  const loanAmount = board.data.loan_amount || 0;
  // What the engine borrows for you when a payment is more than your cash.
  const borrowNote = (price) => {
    if (!loanAmount || price <= cash) return "";
    const notes = Math.ceil((price - cash) / loanAmount);
    return ` (borrow ${money(notes * loanAmount)})`;
  };
  const here = me && me.space ? board.space(me.space) : null;
  const phase = view?.decision?.phase;

  switch (kind) {
    case "spin":
      return { text: "Spin", hint: "Spin the wheel and move" };
    case "start": {
      const s = board.space(arg);
      let text = s ? s.label : humanize(arg);
      if (s && s.borrow && !text.includes("$")) text += ` (borrow ${money(s.borrow)})`;
      return { text, hint: s && s.next.length ? `First: ${board.shortSpace(board.space(s.next[0]) || s)}` : "" };
    }
    case "branch": {
      const s = board.space(arg);
      if (!s) return { text: `Go to space ${arg}`, hint: "" };
      const lane = s.branch;
      let text;
      if (!lane) text = `Go on to ${board.spaceText(s.id)}`;
      else if (LANE_WORD.test(lane.replace(/\(.*\)/, ""))) text = `Take the ${lane}`;
      else text = lane;
      return { text, hint: `First: ${board.shortSpace(s)}` };
    }
    case "choose_career": {
      const c = board.careerById.get(arg);
      const nm = c ? c.name : humanize(arg);
      return {
        text: `Become ${article(nm)}`,
        hint: careerHint(c),
      };
    }
    case "keep_career":
      return { text: "Keep your career", hint: me?.career_name ? `Stay ${article(me.career_name)}` : "" };
    case "take_raise":
      return { text: "Take a raise instead", hint: "Keep your career and take a raise" };
    case "choose_salary": {
      const x = board.salaryById.get(arg);
      if (!x) return { text: `Take salary ${arg}`, hint: "" };
      return {
        text: `Take the ${money(x.amount)} salary`,
        hint: `Salary ${money(x.amount)} a Payday; taxes ${money(x.taxes)}`,
      };
    }
    case "buy_house": {
      const x = board.houseById.get(arg);
      if (!x) return { text: `Buy ${humanize(arg)}`, hint: "" };
      const notes = [];
      if (x.insurance) notes.push(`insurance ${money(x.insurance)}`);
      if (x.resale && x.resale.length) {
        notes.push(`sells for ${money(Math.min(...x.resale))}–${money(Math.max(...x.resale))}`);
      }
      const hint = notes.join("; ");
      return {
        text: `Buy ${x.name} for ${money(x.price)}${borrowNote(x.price)}`,
        hint: hint ? hint[0].toUpperCase() + hint.slice(1) : "",
      };
    }
    case "sell_house":
      return {
        text: `Sell your ${me?.house_name || "house"}`,
        hint: "Spin the wheel for the sale price",
      };
    case "night_school": {
      const amount = here ? here.amount : 0;
      if (arg) {
        // A switch to the dealt career and salary ("doctor.s90"), for the tuition.
        const [careerId, salaryId] = String(arg).split(".");
        const c = board.careerById.get(careerId);
        const x = salaryId ? board.salaryById.get(salaryId) : null;
        const pay = x ? ` on ${money(x.amount)}` : "";
        return {
          text: `Become ${article(c ? c.name : humanize(careerId))}${pay}` +
            (amount ? ` (pay ${money(amount)})` : ""),
          hint: "Pay the tuition, gain a degree and swap your career and salary cards",
        };
      }
      return {
        text: amount ? `Go to night school (pay ${money(amount)})` : "Go to night school",
        hint: "Pay for a degree and choose a new career",
      };
    }
    case "trade_salary": {
      const other = view?.players?.[Number(arg)];
      const pay = other && other.salary ? ` (${money(other.salary)})` : "";
      return { text: `Trade salaries with ${name(arg)}${pay}`, hint: "" };
    }
    case "buy_stock":
      return {
        text: `Buy stock #${board.stockNumber(arg)}${borrowNote(board.data.stock_price || 0)}`,
        hint: "Pays out whenever anyone spins its number",
      };
    case "free_stock":
      return { text: `Take stock #${board.stockNumber(arg)} free`, hint: "" };
    case "return_stock":
      return { text: `Give back stock #${board.stockNumber(arg)}`, hint: "" };
    case "buy_insurance": {
      if (arg === "home") {
        const x = me?.house ? board.houseById.get(me.house) : null;
        return {
          text: x ? `Buy home insurance for ${money(x.insurance)}${borrowNote(x.insurance)}` : "Buy home insurance",
          hint: "Covers disasters to your house",
        };
      }
      const price = arg === "auto" ? board.data.auto_insurance_price || 0 : 0;
      return { text: `Buy ${arg === "auto" ? "car" : arg} insurance${borrowNote(price)}`, hint: "Covers car accidents" };
    }
    case "repay_loan":
      return {
        text: `Repay a loan (${money(board.data.loan_payback)})`,
        hint: `You owe ${money(me?.debt || 0)} in all`,
      };
    case "borrow":
      return {
        text: `Take a loan (${money(loanAmount)})`,
        hint: `Repaid at ${money(board.data.loan_payback)} when you retire`,
      };
    case "trade_tiles": {
      const ab = tilesAbility(board, me);
      return {
        text: ab
          ? `Trade ${plural(ab.tiles, "LIFE tile")} for a ${money(ab.salary)} salary`
          : "Trade LIFE tiles for a salary",
        hint: "",
      };
    }
    case "second_career":
      return { text: "Draw a second career", hint: "" };
    case "retire":
      return { text: `Retire to ${RETIRE_PLACES[arg] || humanize(arg)}`, hint: retireHint(arg) };
    case "take_from":
      return { text: `Take a LIFE tile from ${name(arg)}`, hint: "" };
    case "bet": {
      const [number, stake] = String(arg).split("-").map(Number);
      return { text: `Bet ${money(stake)} on ${number}`, hint: "Spin to Win" };
    }
    case "token":
      return { text: `Put a token on ${arg}`, hint: "Spin to Win" };
    case "play_card":
      return {
        text: { exemption: "Play your exemption card", collect: "Play your collect card",
          boost: "Play a boost card (more tokens)" }[arg] || `Play the ${humanize(arg)} card`,
        hint: "Share the Wealth",
      };
    case "pay_card":
      return { text: `Hand the pay card to ${name(arg)}`, hint: "Share the Wealth" };
    case "sue":
      return { text: `Sue ${name(arg)}`, hint: "Lawsuit" };
    case "buy_policy": {
      const amount = here && here.amount ? ` for ${money(here.amount)}` : "";
      return { text: `Buy ${humanize(arg).toLowerCase()} insurance${amount}`, hint: "" };
    }
    case "keep":
      return { text: "Keep the sure money", hint: "" };
    case "gamble":
      return { text: "Gamble", hint: "Spin for the outcome" };
    case "take_money": {
      const amount = here && here.amount ? `${money(here.amount)} ` : "money ";
      return { text: `Take ${amount}from ${name(arg)}`, hint: "Revenge" };
    }
    case "send_back":
      return { text: `Send ${name(arg)} back`, hint: "Revenge" };
    case "acres":
      return { text: "Retire to Millionaire Acres", hint: "" };
    case "tycoon":
      return { text: `Bet everything on ${arg} (Tycoon)`, hint: "Win the game outright, or go to the Poor Farm" };
    case "lucky":
      return { text: `Choose ${arg} as your lucky number`, hint: "" };
    case "skip":
      return { text: SKIPS[phase] || "Skip", hint: "" };
    default:
      return { text: arg === null ? humanize(kind) : `${humanize(kind)}: ${humanize(arg)}`, hint: label };
  }
}

function careerHint(c) {
  if (!c) return "";
  const parts = [c.degree ? "Needs a degree" : "No degree needed"];
  for (const ab of c.abilities || []) {
    if (ab.trigger === "spin_fine") parts.push(`collects ${money(ab.amount)} when anyone spins ${ab.number}`);
    else if (ab.trigger === "commission") parts.push(`earns ${money(ab.amount)} commission`);
    else if (ab.trigger === "tiles_for_salary") parts.push(`may trade ${ab.tiles} LIFE tiles for a ${money(ab.salary)} salary`);
    else if (ab.trigger === "second_career") parts.push("may take a second career");
    else parts.push(humanize(ab.trigger).toLowerCase());
  }
  return parts.join("; ");
}

function tilesAbility(board, me) {
  for (const id of [me?.career, me?.second_career]) {
    const c = id ? board.careerById.get(id) : null;
    const ab = c?.abilities?.find((a) => a.trigger === "tiles_for_salary");
    if (ab) return ab;
  }
  return null;
}

function retireHint(where) {
  if (where === "estates") return "The richest at the Estates wins the Estates' LIFE tiles";
  if (where === "countryside") return "A safe retirement";
  return "";
}
