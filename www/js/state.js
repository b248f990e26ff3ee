// The page's state, in one object: the report shown, the file it came from,
// the person's corrections and splits, what Cancel goes back to, and the
// view waiting for its file. Modules import `state` and change its fields;
// the worker connection and the draw queue keep their own mechanics.

export const state = {
  /**
   * The worker's answer for the report shown: `{report, figures, every,
   * overrides, splits, splitErrors, overridesDropped}`, and while comparing
   * `comparison` and `compareFigures` (or `compareError`).
   */
  out: null,
  /** `{ file, synthetic }` of the report shown. */
  shown: null,
  /** Where this file's corrections are kept in localStorage. */
  fileKey: null,
  /** Question id -> `{ by: question id, stacked: bool }`: the splits asked for. */
  splits: new Map(),
  /**
   * The filters and weights asked for (`Analysis` in Rust): `{ filters:
   * [{question, options}], weighting: null | {method: 'column', column, trim}
   * | {method: 'rake', targets, trim} }`.
   */
  analysis: noAnalysis(),
  /**
   * The comparison asked for, or null: `{ file, pairing }`, edition B's
   * file and how the person paired its questions with A's (`pairing`:
   * `{ names?, pairs: [{a, b}], unpaired: [a], options: [{question, a, b}] }`,
   * as Workbench.compare takes it). Kept here so each re-render keeps it.
   */
  compare: null,
  /** `{ overrides, splits, analysis, compare }` of the report shown: what Cancel goes back to. */
  lastGood: null,
  /** A view from a link (#view=...), waiting for its file. */
  pendingView: null,
  /** Reads and recomputations under way (aria-busy on #report until none is left). */
  loading: 0,
  /** Between beforeprint and afterprint. */
  printing: false,
  /** `{ figures, canvases: Map<id, {canvas, fig}> }` of the figures on the page. */
  current: null,
};

/** Corrections that change nothing. */
export function noCorrections() {
  return { kinds: {}, roles: {}, options: {}, keep_markers: false };
}

/** A pairing that leaves the matching to Rust and the names to the file names. */
export function noPairing() {
  return { pairs: [], unpaired: [], options: [] };
}

/** What the worker is asked to compare with: the pairing while a comparison is on, else null. */
export function pairingAsked() {
  return state.compare ? state.compare.pairing : null;
}

/** Every respondent, unweighted. */
export function noAnalysis() {
  return { filters: [], weighting: null };
}

/** Replaces the splits asked for with those of `object` (question id -> split). */
export function setSplits(object) {
  state.splits.clear();
  for (const [q, sp] of Object.entries(object || {})) state.splits.set(q, sp);
}

/** The splits asked for, as a plain object (for the worker and links). */
export function splitsObject() {
  return Object.fromEntries(state.splits);
}
