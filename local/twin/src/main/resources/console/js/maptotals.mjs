// Totals over all the children of a Distributed Map run: what each state inside the Map's box did across every child
// execution, not in one of them. Pure functions, no DOM: tested with `node --test` (src/test/js).
import { STATUSES } from './status.mjs';

/**
 * What one child execution did, small enough to keep for every child of a 1,000-chunk map: its status and, per
 * state, the state's colour, how often it was entered and its retries.
 *
 * @param fold the child's foldHistory result
 */
export function summarizeChild(fold) {
  const states = new Map();
  for (const [name, s] of fold.states) {
    states.set(name, { status: s.status, entered: s.entered ?? s.attempts.length,
      retries: s.attempts.reduce((n, a) => n + a.retries.length, 0) });
  }
  return { status: fold.execution.status, states };
}

/**
 * Each state's totals over the children: how many children it ran in, how many of them left it in each colour, its
 * entries and retries summed; the state takes the most urgent colour of any child (running before retrying before
 * failed ... before succeeded, STATUSES' order), as a state that runs many times does.
 *
 * @param summaries iterable of summarizeChild results
 * @returns {Map<string, {name, status, children, counts: object, entered, retries}>}
 */
export function aggregateChildren(summaries) {
  const out = new Map();
  for (const child of summaries) {
    for (const [name, s] of child.states) {
      let t = out.get(name);
      if (!t) {
        t = { name, status: 'idle', children: 0, counts: {}, entered: 0, retries: 0 };
        out.set(name, t);
      }
      t.children++;
      t.counts[s.status] = (t.counts[s.status] ?? 0) + 1;
      t.entered += s.entered;
      t.retries += s.retries;
      if (rank(s.status) < rank(t.status)) {
        t.status = s.status;
      }
    }
  }
  return out;
}

function rank(status) {
  const i = STATUSES.indexOf(status);
  return i < 0 ? STATUSES.length : i;
}

const SYMBOLS = [['succeeded', '✓'], ['retried', '✓↻'], ['running', '▶'], ['retrying', '▶↻'], ['caught', '⤳'],
  ['failed', '✗'], ['aborted', '■']];

/** A state's totals as a badge: `✓38 ▶2 ✗1` (children per colour). */
export function totalsBadge(totals) {
  return SYMBOLS.filter(([k]) => totals.counts[k]).map(([k, sym]) => sym + totals.counts[k]).join(' ');
}

/** A state's totals as a sentence: `in 41 children: 38 succeeded, 2 running, 1 failed`. */
export function totalsText(totals) {
  const parts = SYMBOLS.filter(([k]) => totals.counts[k]).map(([k]) => `${totals.counts[k]} ${k}`);
  return `in ${totals.children} children: ${parts.join(', ')}` + (totals.retries ? ` · ${totals.retries} retries` : '');
}

/**
 * A map run's counts for its badge: `38/41 ▶2 ✗1` from DescribeMapRun's executionCounts (else itemCounts).
 */
export function mapRunBadge(describe) {
  const c = describe?.executionCounts ?? describe?.itemCounts;
  if (!c) {
    return null;
  }
  return `${c.succeeded ?? 0}/${c.total ?? 0}` + (c.running ? ` ▶${c.running}` : '') + (c.failed ? ` ✗${c.failed}` : '')
    + (c.aborted ? ` ■${c.aborted}` : '');
}
