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
//      so lanes never cross, even round a bend.

export const LANE_GAP = 1.0; // distance between two parallel lanes, in space pitches

/**
 * @param {object[]} spaces - board.spaces ({id, next, ...})
 * @param {object} display - board.display
 * @param {number} columns - spaces per row of the serpentine
 * @returns {{pos: Map<string, {x: number, y: number, t: number, lane: number}>,
 *            box: {x: number, y: number, w: number, h: number}, auto: boolean}}
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
      } else if (p.length === 0) {
        chain.forEach((id, i) => t.set(id, end - chain.length + i));
      }
    }
  }
  return { t, lane, succ, pred };
}

function serpentine(spaces, columns) {
  const { t, lane } = trackProgress(spaces);
  const hasLanes = [...lane.values()].some((v) => v !== 0);
  const pitch = hasLanes ? 2.1 : 1.6; // distance between rows
  const pos = new Map();
  for (const s of spaces) {
    const p = snakePoint(t.get(s.id), columns, pitch);
    const off = lane.get(s.id) * LANE_GAP;
    pos.set(s.id, { x: p.x + p.nx * off, y: p.y + p.ny * off, t: t.get(s.id), lane: lane.get(s.id) });
  }
  return { pos, box: boundingBox(pos), auto: true, pitch, columns };
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
