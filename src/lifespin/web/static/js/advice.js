// The advisor's answer in words: which choice is best, and which are "about
// the same" as it: the advisor says so (`same`: the 95% range of the paired
// difference from the best holds 0), or, for answers without it, the 95%
// ranges overlap the best one's (the order between those is noise).

export const ABOUT_SAME = "about the same";

/**
 * Each row against the best: "best", "about the same" (its 95% range overlaps
 * the best one's, so the order between them is noise), or "worse".
 * @param {{win: number, low?: number, high?: number}[]} rows - best first
 */
export function adviceVerdicts(rows) {
  const best = rows.reduce((b, r) => (Number(r.win) > Number(b.win) ? r : b), rows[0]);
  return rows.map((r) => {
    if (r === best) return { kind: "best", text: "best" };
    if (typeof r.same === "boolean") {
      return r.same ? { kind: "same", text: ABOUT_SAME } : { kind: "worse", text: "worse" };
    }
    const overlap = r.high === undefined || best.low === undefined
      ? Math.abs(Number(r.win) - Number(best.win)) < 1e-9
      : Number(r.high) >= Number(best.low);
    return overlap ? { kind: "same", text: ABOUT_SAME } : { kind: "worse", text: "worse" };
  });
}
