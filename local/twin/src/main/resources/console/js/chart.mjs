// Throughput of an ETL run over time: the cumulative rows read, loaded and rejected as the Map's chunks finish,
// from each succeeded child execution's output (the chunk result: {chunk, counts: {read, loaded, rejected...}}).
import { add, clear, svg } from './dom.mjs';
import { formatDuration } from './status.mjs';

export const SERIES = ['read', 'loaded', 'rejected'];

/**
 * Cumulative counts at each chunk's end.
 *
 * @param children map-run children (ListExecutions items: executionArn, status, stopDate)
 * @param outputs Map of executionArn -> the child's parsed output
 * @param start the execution's start (epoch seconds)
 * @returns {{points: {t: number, read: number, loaded: number, rejected: number}[], chunks: number, rowsPerSecond:
 *   number|null}|null} points in seconds from the start (first at 0), or null when no child output has counts
 */
export function throughputModel(children, outputs, start) {
  const done = [];
  for (const c of children ?? []) {
    const counts = outputs?.get(c.executionArn)?.counts;
    if (c.stopDate !== undefined && counts && typeof counts.read === 'number') {
      done.push({ t: c.stopDate - start, counts });
    }
  }
  if (done.length === 0) {
    return null;
  }
  done.sort((a, b) => a.t - b.t);
  const total = { read: 0, loaded: 0, rejected: 0 };
  const points = [{ t: 0, read: 0, loaded: 0, rejected: 0 }];
  for (const d of done) {
    for (const k of SERIES) {
      total[k] += Number(d.counts[k] ?? 0);
    }
    points.push({ t: Math.max(0, d.t), ...total });
  }
  const last = points[points.length - 1];
  return { points, chunks: done.length, rowsPerSecond: last.t > 0 ? Math.round(last.read / last.t) : null };
}

/** Draws the model as step lines, `width` x `height` pixels. */
export function drawThroughput(doc, root, model, width, height) {
  drawSteps(doc, root, model, width, height, SERIES);
}

/**
 * Draws cumulative series as step lines over time, `width` x `height` pixels; the y axis runs to the largest value
 * of the first series.
 *
 * @param model {{points: {t: number}[]}} each point has a value per series name, t in seconds from the start
 * @param series the series names (each a CSS class of its path)
 */
export function drawSteps(doc, root, model, width, height, series) {
  clear(root);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const left = 52;
  const bottom = height - 18;
  const last = model.points[model.points.length - 1];
  const maxT = Math.max(last.t, 0.001);
  const maxY = Math.max(1, ...model.points.map((p) => Math.max(...series.map((k) => p[k] ?? 0))));
  const x = (t) => left + (t / maxT) * (width - left - 8);
  const y = (v) => bottom - (v / maxY) * (bottom - 8);
  add(doc, root,
    svg(doc, 'line', { class: 'axis', x1: left, x2: width - 8, y1: bottom, y2: bottom }),
    svg(doc, 'line', { class: 'axis', x1: left, x2: left, y1: 8, y2: bottom }),
    svg(doc, 'text', { x: left - 4, y: 14, 'text-anchor': 'end' }, maxY.toLocaleString('en')),
    svg(doc, 'text', { x: left - 4, y: bottom, 'text-anchor': 'end' }, '0'),
    svg(doc, 'text', { x: width - 8, y: height - 4, 'text-anchor': 'end' }, formatDuration(maxT)));
  for (const k of series) {
    let d = '';
    model.points.forEach((p, i) => {
      d += i === 0 ? `M ${x(p.t)} ${y(p[k])}` : ` H ${x(p.t)} V ${y(p[k])}`;
    });
    add(doc, root, svg(doc, 'path', { class: 'series ' + k, d }, svg(doc, 'title', {}, `${k}: ${last[k].toLocaleString('en')}`)));
  }
}

/**
 * Draws one horizontal bar per row, `width` pixels wide, scaled to the largest value.
 *
 * @param rows {{label: string, value: number, text: string}[]}
 */
export function drawBars(doc, root, rows, width) {
  clear(root);
  const rowHeight = 18;
  const height = Math.max(rowHeight, rows.length * rowHeight + 4);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const left = 70;
  const max = Math.max(0.001, ...rows.map((r) => r.value));
  rows.forEach((r, i) => {
    const y = i * rowHeight + 2;
    const w = Math.max(1, (r.value / max) * (width - left - 120));
    add(doc, root,
      svg(doc, 'text', { x: left - 4, y: y + 12, 'text-anchor': 'end' }, r.label),
      svg(doc, 'rect', { class: 'bar', x: left, y: y + 2, width: w, height: rowHeight - 6 }, svg(doc, 'title', {}, r.text)),
      svg(doc, 'text', { x: left + w + 4, y: y + 12 }, r.text));
  });
}
