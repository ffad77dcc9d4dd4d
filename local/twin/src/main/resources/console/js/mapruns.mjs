// Map runs (Distributed Map): the runs of the open execution, their children, the child shown inside the Map box,
// the children's summaries for the box's totals, the chunk outputs for the throughput chart, and the Map runs panel.
import { all, newEvents } from './sfn.mjs';
import { foldHistory, durationSeconds, formatDuration } from './status.mjs';
import { el, add, clear } from './dom.mjs';
import { summarizeChild } from './maptotals.mjs';
import { doc, $, api, ui, showError, statusBadge } from './state.mjs';
import { paint, renderState } from './panels.mjs';

const MAX_CHILDREN_SHOWN = 200;
const MAX_OUTPUTS_PER_POLL = 50;
const MAX_CHILD_HISTORIES_PER_POLL = 200;
const PARALLEL_CHILD_READS = 8;

export async function refreshMapRuns() {
  const list = await all(window.fetch.bind(window), 'ListMapRuns', { executionArn: ui.execArn, maxResults: 1000 }, 'mapRuns');
  const runs = [];
  for (const r of list) {
    const known = ui.mapRuns.find((m) => m.mapRunArn === r.mapRunArn);
    const done = known && known.describe && known.describe.status !== 'RUNNING';
    const describe = done ? known.describe : await api('DescribeMapRun', { mapRunArn: r.mapRunArn });
    let children = known?.children ?? [];
    if (!done || children.length === 0) {
      const res = await api('ListExecutions', { mapRunArn: r.mapRunArn, maxResults: 1000 });
      children = res.executions ?? [];
    }
    runs.push({ mapRunArn: r.mapRunArn, describe, children, stateName: mapStateOf(r.mapRunArn) });
  }
  ui.mapRuns = runs;
  await fetchChunkOutputs(runs.flatMap((r) => r.children));
  await refreshChild();
  renderMapRuns();
}

// Outputs of succeeded children, each fetched once, a few per poll: the chunk results the throughput chart sums.
async function fetchChunkOutputs(children) {
  const missing = children.filter((c) => c.status === 'SUCCEEDED' && !ui.chunkOutputs.has(c.executionArn))
    .slice(0, MAX_OUTPUTS_PER_POLL);
  for (const c of missing) {
    const d = await api('DescribeExecution', { executionArn: c.executionArn });
    let out = null;
    try {
      out = JSON.parse(d.output ?? 'null');
    } catch {
      out = null;
    }
    ui.chunkOutputs.set(c.executionArn, out);
  }
  ui.chunkOutputsPending = children.some((c) => c.status === 'SUCCEEDED' && !ui.chunkOutputs.has(c.executionArn));
}

// What every child did, for the totals in the Map's box: running children are read again each poll (only their new
// events), finished ones once and then kept as a small summary; at most MAX_CHILD_HISTORIES_PER_POLL reads a poll,
// PARALLEL_CHILD_READS at a time. Returns whether anything was read.
export async function refreshChildSummaries(children) {
  // the maps of this execution: another one may be opened while the reads run
  const summaries = ui.childSummaries;
  const lives = ui.childLive;
  const todo = children.filter((c) => c.status === 'RUNNING')
    .concat(children.filter((c) => c.status !== 'RUNNING' && !summaries.get(c.executionArn)?.final))
    .slice(0, MAX_CHILD_HISTORIES_PER_POLL);
  const readOne = async (c) => {
    const live = lives.get(c.executionArn) ?? { events: [] };
    const lastId = live.events.length ? live.events[live.events.length - 1].id : 0;
    live.events = live.events.concat(await newEvents(window.fetch.bind(window), c.executionArn, lastId));
    const summary = summarizeChild(foldHistory(live.events));
    summary.final = c.status !== 'RUNNING' && summary.status !== 'RUNNING';
    summaries.set(c.executionArn, summary);
    if (summary.final) {
      lives.delete(c.executionArn);
    } else {
      lives.set(c.executionArn, live);
    }
  };
  for (let i = 0; i < todo.length; i += PARALLEL_CHILD_READS) {
    await Promise.all(todo.slice(i, i + PARALLEL_CHILD_READS).map(readOne));
  }
  if (summaries === ui.childSummaries) {
    ui.childSummariesPending = children.some((c) => c.status !== 'RUNNING' && !summaries.get(c.executionArn)?.final);
  }
  return todo.length > 0;
}

// The Map state a run belongs to: the one whose attempt started it (MapRunStarted), else the run ARN's label.
function mapStateOf(mapRunArn) {
  for (const s of ui.fold?.states.values() ?? []) {
    if (s.attempts.some((a) => a.mapRunArn === mapRunArn)) {
      return s.name;
    }
  }
  const path = mapRunArn.split(':mapRun:')[1] ?? '';
  return path.slice(path.indexOf('/') + 1, path.lastIndexOf(':'));
}

export async function refreshChild() {
  const run = ui.mapRuns[ui.mapRuns.length - 1];
  if (!run || run.children.length === 0) {
    ui.child = null;
    return;
  }
  let arn = ui.child?.arn;
  if (!ui.childPinned || !arn) {
    const failed = run.children.find((c) => c.status === 'FAILED');
    const live = run.children.find((c) => c.status === 'RUNNING');
    arn = (failed ?? live ?? run.children[0]).executionArn;
  }
  const child = ui.child?.arn === arn ? ui.child : { arn, events: [], fold: null, status: null };
  const known = run.children.find((c) => c.executionArn === arn);
  if (!child.fold || child.status === 'RUNNING' || known?.status === 'RUNNING') {
    const lastId = child.events.length ? child.events[child.events.length - 1].id : 0;
    child.events = child.events.concat(await newEvents(window.fetch.bind(window), arn, lastId));
    child.fold = foldHistory(child.events);
    child.status = child.fold.execution.status;
  }
  child.name = known?.name ?? arn.split(':').pop();
  ui.child = child;
}

export function renderMapRuns() {
  const box = clear($('mapruns'));
  $('mapruns-section').hidden = ui.mapRuns.length === 0;
  for (const run of ui.mapRuns) {
    const d = run.describe ?? {};
    const c = d.executionCounts ?? d.itemCounts ?? {};
    const countsLine = (label, k) => (k ? el(doc, 'p', { class: 'counts' }, `${label}: succeeded ${k.succeeded ?? 0} · failed `
      + `${k.failed ?? 0} · running ${k.running ?? 0} · pending ${k.pending ?? 0}` + (k.aborted ? ` · aborted ${k.aborted}` : '')
      + ` · total ${k.total ?? 0}`) : null);
    const summarized = run.children.filter((x) => ui.childSummaries.has(x.executionArn)).length;
    const total = Math.max(1, c.total ?? 0);
    const bar = el(doc, 'div', { class: 'progress', title: `${c.succeeded ?? 0} succeeded, ${c.failed ?? 0} failed, ${c.running ?? 0} running, ${c.pending ?? 0} pending of ${c.total ?? 0}` });
    for (const k of ['succeeded', 'failed', 'aborted', 'running', 'pending']) {
      const part = el(doc, 'div', { class: 'part ' + k });
      part.style.width = (100 * (c[k] ?? 0) / total) + '%';
      bar.appendChild(part);
    }
    const longest = Math.max(0.001, ...run.children.map((x) => durationSeconds(x.startDate, x.stopDate ?? Date.now() / 1000) ?? 0));
    const rows = run.children.slice(0, MAX_CHILDREN_SHOWN).map((x) => {
      const secs = durationSeconds(x.startDate, x.stopDate ?? Date.now() / 1000);
      const dur = el(doc, 'div', { class: 'dur st-' + String(x.status).toLowerCase() });
      dur.style.width = Math.max(1, 100 * (secs ?? 0) / longest) + '%';
      const row = el(doc, 'tr', { class: x.executionArn === ui.child?.arn ? 'selected' : '' },
        el(doc, 'td', {}, x.name), el(doc, 'td', {}, statusBadge(x.status)),
        el(doc, 'td', { class: 'num' }, formatDuration(secs)), el(doc, 'td', { class: 'durcell' }, dur));
      row.addEventListener('click', () => {
        ui.child = { arn: x.executionArn, events: [], fold: null, status: null };
        ui.childPinned = true;
        refreshChild().then(() => { paint(); renderMapRuns(); renderState(); }).catch(showError);
      });
      return row;
    });
    add(doc, box, 
      el(doc, 'h4', {}, run.stateName, ' ', statusBadge(d.status)),
      bar,
      countsLine('Items', d.itemCounts),
      countsLine('Child executions', d.executionCounts),
      el(doc, 'p', { class: 'muted' }, `The states inside the Map box show totals over all ${run.children.length} children`
        + (summarized < run.children.length ? ` (read ${summarized} so far)` : '') + '; the State panel also shows child ',
      el(doc, 'code', {}, ui.child?.name ?? '-'), ' (click a child to show another).'),
      el(doc, 'div', { class: 'children-scroll' }, el(doc, 'table', { class: 'children' }, el(doc, 'tbody', {}, rows))),
      run.children.length > MAX_CHILDREN_SHOWN ? el(doc, 'p', { class: 'muted' }, `${run.children.length - MAX_CHILDREN_SHOWN} more children not listed`) : null);
  }
}
