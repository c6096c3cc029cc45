// Where each space sits on the drawn board.
//
// If the edition's `display` gives coordinates (display.coordinates = {id: [x, y]}
// or display.spaces = [{id, x, y}]), they are used as they are (scaled).
// Otherwise the track is laid out automatically:
//   1. every space gets a progress value t along the game: its longest
//      distance from a start (the track is a directed graph with forks);
//   2. the spaces of a fork's lanes are spread evenly between the fork and
//      the space where the lanes meet again, and drawn side by side, offset
//      from the main road (a lane that starts the game is packed against
//      the space where it joins);
//   3. t is wound onto a serpentine ("snake"): rows of `columns` spaces,
//      alternately left-to-right and right-to-left, so the whole road fits
//      a screen; a lane's offset is to the right of the direction of travel,
//      so lanes never cross, even round a bend;
//   4. a fork whose lanes fit in one row but would straddle a bend is moved
//      to the next row's start; a lane that is still too short for its
//      spaces (the inside of a bend) pushes the rest of the road on; each
//      lane is then spaced evenly along its own (mitred, chamfered) path;
//   5. a last pass pushes apart any two spaces that still overlap.

export const LANE_GAP = 1.0; // distance between two parallel lanes, in space pitches
const CHAMFER = 0.45; // how much of a lane's corner is cut off
const MAX_BARE = 2; // the longest bare road left to bring a fork to a row's start
const CORNER_EXTRA = 0.3; // extra length a lane needs for each corner it turns

/**
 * @param {object[]} spaces - board.spaces ({id, next, ...})
 * @param {object} display - board.display
 * @param {number} columns - spaces per row of the serpentine
 * @returns {{pos: Map<string, {x: number, y: number, t: number, lane: number,
 *                              side?: {x: number, y: number}}>,
 *            box: {x: number, y: number, w: number, h: number}, auto: boolean}}
 *   `side`: the unit vector away from the middle of the road (where a lane's caption goes).
 */
export function layoutBoard(spaces, display, columns) {
  const given = givenCoordinates(spaces, display || {});
  if (given) return given;
  return serpentine(spaces, columns);
}

function givenCoordinates(spaces, display) {
  let table = null;
  if (display.coordinates && typeof display.coordinates === "object") table = display.coordinates;
  else if (Array.isArray(display.spaces)) {
    table = Object.fromEntries(display.spaces.filter((s) => s && s.id !== undefined)
      .map((s) => [String(s.id), [s.x, s.y]]));
  }
  if (!table) return null;
  const raw = new Map();
  for (const s of spaces) {
    const xy = table[s.id];
    if (!Array.isArray(xy) || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) return null;
    raw.set(s.id, xy);
  }
  // Scale so that the typical step between linked spaces is 1.2 units.
  const steps = [];
  for (const s of spaces) {
    for (const n of s.next) {
      const a = raw.get(s.id);
      const b = raw.get(n);
      if (a && b) steps.push(Math.hypot(a[0] - b[0], a[1] - b[1]));
    }
  }
  steps.sort((a, b) => a - b);
  const median = steps.length ? steps[Math.floor(steps.length / 2)] : 1;
  const k = median > 0 ? 1.2 / median : 1;
  const pos = new Map();
  for (const [id, [x, y]] of raw) pos.set(id, { x: x * k, y: y * k, t: 0, lane: 0 });
  return { pos, box: boundingBox(pos), auto: false };
}

/** Progress t and lane offset for every space (the abstract layout). */
export function trackProgress(spaces) {
  const ids = spaces.map((s) => s.id);
  const succ = new Map(spaces.map((s) => [s.id, s.next.filter((n) => ids.includes(n))]));
  const pred = new Map(ids.map((id) => [id, []]));
  for (const [id, next] of succ) for (const n of next) pred.get(n).push(id);

  // Topological order (Kahn), in board order among equals; a cycle (no
  // edition has one) falls back to board order for what is left.
  const indeg = new Map(ids.map((id) => [id, pred.get(id).length]));
  const order = [];
  const ready = ids.filter((id) => indeg.get(id) === 0);
  const seen = new Set();
  while (ready.length) {
    const id = ready.shift();
    order.push(id);
    seen.add(id);
    for (const n of succ.get(id)) {
      indeg.set(n, indeg.get(n) - 1);
      if (indeg.get(n) === 0) ready.push(n);
    }
  }
  for (const id of ids) if (!seen.has(id)) order.push(id);

  // Longest distance from a start.
  const place = new Map(order.map((id, i) => [id, i]));
  const rank = new Map(ids.map((id) => [id, 0]));
  for (const id of order) {
    for (const n of succ.get(id)) {
      if (place.get(n) > place.get(id)) rank.set(n, Math.max(rank.get(n), rank.get(id) + 1));
    }
  }

  // Chains: runs of spaces with one way in and one way out. A chain starts at
  // a start, at a meeting point, or just after a fork.
  const isHead = (id) => {
    const p = pred.get(id);
    return p.length !== 1 || succ.get(p[0]).length !== 1;
  };
  const t = new Map(rank);
  const lane = new Map(ids.map((id) => [id, 0]));
  const lanes = []; // side-by-side runs: {ids, from, to, source}
  const starts = ids.filter((id) => pred.get(id).length === 0);
  for (const head of order.filter(isHead)) {
    const chain = [head];
    let cur = head;
    while (succ.get(cur).length === 1) {
      const n = succ.get(cur)[0];
      if (pred.get(n).length !== 1) break;
      chain.push(n);
      cur = n;
    }
    const after = succ.get(cur).length === 1 ? succ.get(cur)[0] : null;
    const p = pred.get(head);
    // Lane offset: a fork's ways side by side, centred on the road.
    if (p.length === 1) {
      const fork = p[0];
      const ways = succ.get(fork);
      const j = ways.indexOf(head);
      const off = lane.get(fork) + (j - (ways.length - 1) / 2);
      for (const id of chain) lane.set(id, off);
    } else if (p.length === 0 && starts.length > 1) {
      const j = starts.indexOf(head);
      for (const id of chain) lane.set(id, j - (starts.length - 1) / 2);
    } else if (p.length > 1) {
      const off = p.reduce((sum, id) => sum + lane.get(id), 0) / p.length;
      for (const id of chain) lane.set(id, Math.round(off * 2) / 2);
    }
    // Spread a lane that is shorter than the road it runs beside.
    if (after !== null && pred.get(after).length > 1) {
      const end = rank.get(after);
      if (p.length === 1) {
        const begin = t.get(p[0]);
        const step = (end - begin) / (chain.length + 1);
        chain.forEach((id, i) => t.set(id, begin + step * (i + 1)));
        if (lane.get(head) !== 0) lanes.push({ ids: chain, from: begin, to: end, source: false });
      } else if (p.length === 0) {
        chain.forEach((id, i) => t.set(id, end - chain.length + i));
        if (lane.get(head) !== 0) lanes.push({ ids: chain, from: end - chain.length, to: end, source: true });
      }
    }
  }
  return { t, lane, lanes, succ, pred };
}

function serpentine(spaces, columns) {
  const { t, lane, lanes } = trackProgress(spaces);
  const pitch = lanes.length ? 2.1 : 1.6; // distance between rows
  const offOf = (run) => lane.get(run.ids[0]) * LANE_GAP;

  // Make room: a lane whose own path is too short for its spaces (the inner
  // lane round a bend) pushes the rest of the road on (or, for a lane that
  // starts the game, starts earlier). `shifts` are [from t, by] pairs.
  const shifts = [];
  const warp = (x) => shifts.reduce((sum, [at, by]) => sum + (x >= at - 1e-9 ? by : 0), x);
  const ordered = [...lanes].sort((a, b) => a.from - b.from);

  // First, a fork whose lanes would go round a bend but fit in one row moves
  // to the start of the next row: the spaces before it in its row spread out
  // a little (at most 0.6 of a pitch each), and the road runs on bare for
  // the rest.
  const forks = new Map();
  for (const run of ordered) if (!run.source) forks.set(`${run.from}>${run.to}`, run);
  const c = Math.max(2, columns);
  for (const run of forks.values()) {
    const a = warp(run.from);
    const b = warp(run.to);
    const row = Math.floor(a / c);
    if (b <= row * c + c - 1 + 1e-6 || b - a > c - 1 || a - row * c < 1e-6) continue;
    const pad = (row + 1) * c - a;
    const before = [...t.entries()]
      .filter(([id, v]) => warp(v) > row * c + 1e-6 && v <= run.from + 1e-9 && lane.get(id) === 0)
      .map(([, v]) => v)
      .sort((x, y) => x - y);
    const per = before.length ? Math.min(0.6, pad / before.length) : 0;
    const rest = pad - per * before.length;
    if (rest > MAX_BARE) continue; // too long a bare stretch: let the lanes go round the bend
    for (const v of before) shifts.push([v, per]);
    if (rest > 1e-6) shifts.push([run.from, rest]);
  }

  for (let round = 0; round < 60; round++) {
    let moved = false;
    for (const run of ordered) {
      const path = lanePath(warp(run.from), warp(run.to), offOf(run), columns, pitch);
      const corners = (path.length - 2) / 2;
      const need = (run.source ? run.ids.length : run.ids.length + 1) + corners * CORNER_EXTRA;
      const have = pathLength(path);
      const lack = need - have;
      if (lack <= 1e-6) continue;
      if (run.source && run.from > 0) {
        run.from = Math.max(0, run.from - lack);
      } else {
        shifts.push([run.to, Math.min(lack, 1) + 0.05]);
      }
      moved = true;
      break;
    }
    if (!moved) break;
  }

  const pos = new Map();
  for (const s of spaces) {
    const at = warp(t.get(s.id));
    const p = snakePoint(at, columns, pitch);
    const off = lane.get(s.id) * LANE_GAP;
    pos.set(s.id, {
      x: p.x + p.nx * off, y: p.y + p.ny * off, t: at, lane: lane.get(s.id),
      side: { x: p.nx * Math.sign(off), y: p.ny * Math.sign(off) }, // away from the road's middle
    });
  }
  // A lane is spaced evenly along its own path, parallel to the road: round a
  // bend the outer lane is longer and the inner one shorter, and neither
  // cuts the corner into the other.
  for (const run of lanes) {
    const path = lanePath(warp(run.from), warp(run.to), offOf(run), columns, pitch);
    const n = run.ids.length;
    run.ids.forEach((id, i) => {
      const f = run.source ? i / n : (i + 1) / (n + 1);
      const p = alongPath(path, f);
      const side = snakePoint(warp(t.get(id)), columns, pitch);
      const off = offOf(run);
      pos.set(id, { ...pos.get(id), x: p.x, y: p.y, side: { x: side.nx * Math.sign(off), y: side.ny * Math.sign(off) } });
    });
  }
  relax(pos, 0.87);
  return { pos, box: boundingBox(pos), auto: true, pitch, columns };
}

/**
 * The safety net: push apart any two spaces closer than `gap` (where two
 * lanes that start the game, or a lane and a bend, still come close).
 */
export function relax(pos, gap, rounds = 40) {
  const pts = [...pos.values()];
  for (let round = 0; round < rounds; round++) {
    let worst = 0;
    for (let i = 0; i < pts.length; i++) {
      for (let j = i + 1; j < pts.length; j++) {
        const a = pts[i];
        const b = pts[j];
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= gap) continue;
        if (d < 1e-6) {
          dx = 1;
          dy = 0;
          d = 1e-6;
        }
        const push = (gap - d) / 2 + 0.005;
        a.x -= (dx / d) * push;
        a.y -= (dy / d) * push;
        b.x += (dx / d) * push;
        b.y += (dy / d) * push;
        worst = Math.max(worst, gap - d);
      }
    }
    if (worst === 0) break;
  }
}

function pathLength(points) {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    total += Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  }
  return total;
}

/** The polyline of a lane `off` to the right of the road from t=a to t=b (mitred corners). */
function lanePath(a, b, off, columns, pitch) {
  const c = Math.max(2, columns);
  const eps = 1e-6;
  const at = (t, side) => {
    const p = snakePoint(t, c, pitch);
    const q = snakePoint(t + side * eps, c, pitch);
    return { x: p.x, y: p.y, nx: q.nx, ny: q.ny };
  };
  const start = at(a, +1);
  const points = [{ x: start.x + start.nx * off, y: start.y + start.ny * off }];
  // The road's corners between a and b: each row ends at r*c + c - 1, each bend at (r+1)*c.
  const corners = [];
  for (let r = Math.floor(a / c); r * c <= b; r++) {
    for (const tc of [r * c + c - 1, (r + 1) * c]) if (tc > a + eps && tc < b - eps) corners.push(tc);
  }
  corners.sort((x, y) => x - y);
  for (const tc of corners) {
    const before = at(tc, -1);
    const after = at(tc, +1);
    // The mitre point, with the corner cut off (a chamfer) so that spaces on
    // either side of it keep their distance.
    const mx = before.x + (before.nx + after.nx) * off;
    const my = before.y + (before.ny + after.ny) * off;
    const dx1 = before.ny; // the direction of travel: the normal turned back a quarter
    const dy1 = -before.nx;
    const dx2 = after.ny;
    const dy2 = -after.nx;
    points.push({ x: mx - dx1 * CHAMFER, y: my - dy1 * CHAMFER });
    points.push({ x: mx + dx2 * CHAMFER, y: my + dy2 * CHAMFER });
  }
  const end = at(b, -1);
  points.push({ x: end.x + end.nx * off, y: end.y + end.ny * off });
  return points;
}

/** The point a fraction `f` of the way along a polyline. */
function alongPath(points, f) {
  const lengths = [];
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const d = Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
    lengths.push(d);
    total += d;
  }
  let left = f * total;
  for (let i = 1; i < points.length; i++) {
    const d = lengths[i - 1];
    if (left <= d || i === points.length - 1) {
      const k = d ? Math.min(1, left / d) : 0;
      return {
        x: points[i - 1].x + (points[i].x - points[i - 1].x) * k,
        y: points[i - 1].y + (points[i].y - points[i - 1].y) * k,
      };
    }
    left -= d;
  }
  return { ...points[0] };
}

/**
 * The point at progress `t` on a serpentine of rows `columns` long, `pitch`
 * apart, with the unit normal to the right of the direction of travel.
 */
export function snakePoint(t, columns, pitch) {
  const c = Math.max(2, columns);
  const row = Math.floor(t / c);
  const u = t - row * c;
  const rightward = row % 2 === 0;
  if (u <= c - 1) {
    const x = rightward ? u : c - 1 - u;
    return { x, y: row * pitch, nx: 0, ny: rightward ? 1 : -1 };
  }
  // The bend between two rows: straight down at the row's end.
  const f = u - (c - 1);
  return { x: rightward ? c - 1 : 0, y: (row + f) * pitch, nx: -1, ny: 0 };
}

function boundingBox(pos) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const { x, y } of pos.values()) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  if (!Number.isFinite(x0)) return { x: 0, y: 0, w: 1, h: 1 };
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
