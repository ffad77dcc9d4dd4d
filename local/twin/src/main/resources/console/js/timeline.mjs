// The timeline (Gantt) of an execution: one row per state (every attempt a bar), then one row per map-run child
// (chunk). Times are API dates (epoch seconds).
import { add, clear, svg } from './dom.mjs';
import { formatDuration } from './status.mjs';

const ROW = 18;
const LABEL_WIDTH = 190;
const AXIS = 22;
const MAX_BARS_PER_ROW = 2000;

const OUTCOME_STATUS = { running: 'running', failing: 'failed', succeeded: 'succeeded', caught: 'caught',
  failed: 'failed', aborted: 'aborted' };

/**
 * The rows of a timeline.
 *
 * @param fold what foldHistory returned for the execution
 * @param children map-run children (ListExecutions items), or none
 * @param now the current time (epoch seconds), the end of bars still running
 * @returns {{start: number, end: number, rows: {label: string, kind: 'state'|'chunk', bars: {from: number, to:
 *   number, status: string}[]}[]}} rows in order of their first start; start/end span every bar
 */
export function timelineModel(fold, children, now) {
  const rows = [];
  for (const s of fold?.states.values() ?? []) {
    const bars = s.attempts.slice(-MAX_BARS_PER_ROW).map((a) => ({
      from: a.start, to: a.end ?? now, status: a.retries.length && a.outcome === 'succeeded' ? 'retried' : OUTCOME_STATUS[a.outcome] ?? 'running',
    }));
    rows.push({ label: s.name, kind: 'state', bars });
  }
  rows.sort((a, b) => a.bars[0].from - b.bars[0].from);
  const chunks = [...(children ?? [])].sort((a, b) => a.startDate - b.startDate);
  for (const c of chunks) {
    rows.push({ label: c.name, kind: 'chunk', bars: [{ from: c.startDate, to: c.stopDate ?? now,
      status: String(c.status).toLowerCase() === 'timed_out' ? 'failed' : String(c.status).toLowerCase() }] });
  }
  let start = Infinity;
  let end = -Infinity;
  for (const r of rows) {
    for (const b of r.bars) {
      start = Math.min(start, b.from);
      end = Math.max(end, b.to);
    }
  }
  if (!Number.isFinite(start)) {
    start = now;
    end = now;
  }
  return { start, end: Math.max(end, start + 0.001), rows };
}

/** Tick positions (seconds from the start) for an axis of `span` seconds: 1, 2 or 5 x 10^n apart, about 8 ticks. */
export function ticks(span) {
  const raw = span / 8;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let t = 0; t <= span + 1e-9; t += step) {
    out.push(Math.round(t * 1000) / 1000);
  }
  return out;
}

/** Draws the timeline into an `<svg>` element, `width` pixels wide. */
export function drawTimeline(doc, root, model, width) {
  clear(root);
  const plot = Math.max(200, width - LABEL_WIDTH - 10);
  const height = AXIS + model.rows.length * ROW + 4;
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const span = model.end - model.start;
  const x = (t) => LABEL_WIDTH + ((t - model.start) / span) * plot;
  const axis = svg(doc, 'g', { class: 'axis' });
  for (const t of ticks(span)) {
    const px = LABEL_WIDTH + (t / span) * plot;
    add(doc, axis, svg(doc, 'line', { x1: px, x2: px, y1: AXIS - 4, y2: height, class: 'tick' }),
      svg(doc, 'text', { x: px + 2, y: 12 }, formatDuration(t)));
  }
  add(doc, root, axis);
  model.rows.forEach((r, i) => {
    const y = AXIS + i * ROW;
    const g = svg(doc, 'g', { class: 'row kind-' + r.kind });
    add(doc, g, svg(doc, 'text', { class: 'row-label', x: 4, y: y + ROW - 5 }, r.label.length > 28 ? r.label.slice(0, 27) + '…' : r.label));
    for (const b of r.bars) {
      const bx = x(b.from);
      const rect = svg(doc, 'rect', { class: 'bar status-' + safeStatus(b.status), x: bx, y: y + 3,
        width: Math.max(1.5, x(b.to) - bx), height: ROW - 6, rx: 2 });
      add(doc, rect, svg(doc, 'title', {}, `${r.label}: ${formatDuration(b.to - b.from)} (${b.status})`));
      add(doc, g, rect);
    }
    add(doc, root, g);
  });
}

const KNOWN = new Set(['running', 'succeeded', 'failed', 'caught', 'retried', 'aborted']);

function safeStatus(s) {
  return KNOWN.has(s) ? s : 'running';
}
