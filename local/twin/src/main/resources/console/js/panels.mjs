// The graph's painting and zoom, and the side panels: the open execution (with its ETL summary) and the selected state.
import { durationSeconds, formatDuration, isoDate, STATUSES } from './status.mjs';
import { el, add, clear, prettyJson } from './dom.mjs';
import { aggregateChildren, totalsBadge, totalsText, mapRunBadge } from './maptotals.mjs';
import { doc, $, ui, statusBadge, running } from './state.mjs';

export function paint() {
  if (!ui.painter) {
    return;
  }
  const states = new Map(ui.fold?.states ?? []);
  const extras = new Map();
  // Inside a Distributed Map's box: totals over all its children (a state is running while any child runs it).
  for (const [name, t] of aggregateChildren(ui.childSummaries.values())) {
    if (!states.has(name)) {
      states.set(name, { name, status: t.status, entered: 0, attempts: [] });
      extras.set(name, totalsBadge(t));
    }
  }
  if (ui.child?.fold) {
    for (const [name, s] of ui.child.fold.states) {
      if (!states.has(name)) {
        states.set(name, s);
      }
    }
  }
  for (const run of ui.mapRuns) {
    const badge = mapRunBadge(run.describe);
    if (badge) {
      extras.set(run.stateName, badge);
    }
  }
  ui.painter.paint(states, extras);
  ui.painter.select(ui.selected);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const s of states.values()) {
    counts[s.status]++;
  }
  for (const s of STATUSES) {
    const node = doc.querySelector(`#legend [data-status="${s}"] .count`);
    if (node) {
      node.textContent = counts[s] ? String(counts[s]) : '';
    }
  }
}

export function applyZoom() {
  const g = $('graph');
  if (!ui.layout) {
    return;
  }
  g.setAttribute('width', String(Math.ceil((ui.layout.width + 16) * ui.zoom)));
  g.setAttribute('height', String(Math.ceil((ui.layout.height + 16) * ui.zoom)));
}

function field(label, value, cls) {
  return el(doc, 'div', { class: 'field' }, el(doc, 'span', { class: 'label' }, label),
    el(doc, 'span', { class: 'value ' + (cls ?? '') }, value ?? ''));
}

function jsonBlock(label, text, open) {
  if (text === undefined || text === null) {
    return null;
  }
  return el(doc, 'details', { open: open ? 'open' : undefined }, el(doc, 'summary', {}, label),
    el(doc, 'pre', { class: 'json' }, prettyJson(text)));
}

export function renderExecution() {
  const box = clear($('execution'));
  const x = ui.exec;
  $('stop').hidden = !running(x);
  $('redrive').hidden = !x || !['FAILED', 'TIMED_OUT', 'ABORTED'].includes(x.status);
  if (!x) {
    box.appendChild(el(doc, 'p', { class: 'muted' }, 'Pick an execution on the left.'));
    return;
  }
  add(doc, box, 
    el(doc, 'h3', {}, x.name, ' ', statusBadge(x.status)),
    field('Started', isoDate(x.startDate)),
    field('Duration', formatDuration(durationSeconds(x.startDate, x.stopDate ?? Date.now() / 1000))),
    x.error !== undefined ? field('Error', x.error, 'error') : null,
    x.cause !== undefined ? el(doc, 'pre', { class: 'cause' }, prettyJson(x.cause)) : null,
    etlSummary(x.output),
    jsonBlock('Input', x.input, false),
    jsonBlock('Output', x.output, false));
}

// An ETL run's output (Finalize's job summary): rows read, loaded, rejected, and where the rejects are.
function etlSummary(output) {
  let o;
  try {
    o = JSON.parse(output ?? 'null');
  } catch {
    return null;
  }
  const c = o?.counts;
  if (!c || typeof c !== 'object' || c.read === undefined) {
    return null;
  }
  const cells = ['read', 'valid', 'rejected', 'duplicates', 'loaded'].filter((k) => c[k] !== undefined)
    .map((k) => el(doc, 'div', { class: 'kpi' }, el(doc, 'span', { class: 'n' }, Number(c[k]).toLocaleString('en')), el(doc, 'span', { class: 'label' }, k)));
  return el(doc, 'div', { class: 'etl' }, el(doc, 'h4', {}, 'ETL run ', el(doc, 'code', {}, String(o.run ?? ''))),
    el(doc, 'div', { class: 'kpis' }, cells),
    o.rejectPercent !== undefined ? field('Rejected', `${o.rejectPercent} % (threshold ${o.maxRejectPercent ?? '?'} %)`) : null,
    o.table !== undefined ? field('Table', String(o.table)) : null,
    o.rejects !== undefined ? field('Rejects', String(o.rejects)) : null,
    o.chunks !== undefined ? field('Chunks', String(o.chunks)) : null);
}

export function selectState(name) {
  ui.selected = name;
  ui.painter?.select(name);
  renderState();
}

export function renderState() {
  const box = clear($('state'));
  if (!ui.selected) {
    box.appendChild(el(doc, 'p', { class: 'muted' }, 'Click a state in the graph to see its input and output.'));
    return;
  }
  const fromChild = !ui.fold?.states.has(ui.selected) && ui.child?.fold?.states.has(ui.selected);
  const st = ui.fold?.states.get(ui.selected) ?? ui.child?.fold?.states.get(ui.selected);
  box.appendChild(el(doc, 'h3', {}, ui.selected, ' ', statusBadge(st?.status ?? 'not run')));
  const totals = ui.fold?.states.has(ui.selected) ? null : aggregateChildren(ui.childSummaries.values()).get(ui.selected);
  if (totals) {
    box.appendChild(el(doc, 'p', { class: 'totals' }, 'All map-run children: ' + totalsText(totals)));
  }
  if (fromChild) {
    box.appendChild(el(doc, 'p', { class: 'muted' }, 'Below: map-run child ', el(doc, 'code', {}, ui.child.name)));
  }
  if (!st) {
    return;
  }
  const attempts = st.attempts.slice(-20);
  if (st.attempts.length > attempts.length) {
    box.appendChild(el(doc, 'p', { class: 'muted' }, `Entered ${st.attempts.length} times; the last ${attempts.length} are shown.`));
  }
  attempts.forEach((a, i) => {
    box.appendChild(el(doc, 'div', { class: 'attempt' },
      el(doc, 'h4', {}, `Entered #${st.attempts.length - attempts.length + i + 1} `, statusBadge(a.outcome.toUpperCase())),
      field('Duration', formatDuration(durationSeconds(a.start, a.end ?? Date.now() / 1000))),
      a.retries.length ? el(doc, 'div', { class: 'retries' }, el(doc, 'span', { class: 'label' }, 'Retries'),
        el(doc, 'ol', {}, a.retries.map((r) => el(doc, 'li', {}, `${r.error ?? '?'} → retried after ${formatDuration(r.delaySeconds)}`)))) : null,
      a.error !== undefined ? field('Error', a.error, 'error') : null,
      a.cause !== undefined ? el(doc, 'pre', { class: 'cause' }, prettyJson(a.cause)) : null,
      jsonBlock('Input', a.input, i === attempts.length - 1),
      jsonBlock('Output', a.output, i === attempts.length - 1)));
  });
}
