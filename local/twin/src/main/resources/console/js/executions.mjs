// State machines and executions: the machine picker and its graph, the executions list, and opening and refreshing
// one execution (its history, map runs and ETL run, then every panel).
import { all, newEvents } from './sfn.mjs';
import { layoutDefinition } from './graph.mjs';
import { drawGraph } from './render.mjs';
import { foldHistory, durationSeconds, formatDuration, isoDate } from './status.mjs';
import { el, clear } from './dom.mjs';
import { doc, $, api, ui, showError, statusBadge, running } from './state.mjs';
import { paint, applyZoom, renderExecution, selectState, renderState } from './panels.mjs';
import { refreshMapRuns, refreshChildSummaries, renderMapRuns } from './mapruns.mjs';
import { refreshEtl, renderEtl, renderThroughput } from './etlpanels.mjs';
import { renderHistory, renderTimeline } from './history.mjs';

const MAX_TRAILING_POLLS = 30;

// ---- state machines

export async function loadMachines() {
  const machines = await all(window.fetch.bind(window), 'ListStateMachines', { maxResults: 1000 }, 'stateMachines');
  const select = clear($('machine'));
  for (const m of machines) {
    select.appendChild(el(doc, 'option', { value: m.stateMachineArn }, m.name));
  }
  $('no-machines').hidden = machines.length > 0;
  const wanted = new URLSearchParams(location.hash.slice(1)).get('machine');
  const pick = machines.find((m) => m.stateMachineArn === wanted) ?? machines[0];
  if (pick) {
    select.value = pick.stateMachineArn;
    await openMachine(pick.stateMachineArn);
  }
}

export async function openMachine(arn) {
  ui.machineArn = arn;
  ui.machine = await api('DescribeStateMachine', { stateMachineArn: arn });
  $('machine-type').textContent = ui.machine.type ?? '';
  let definition;
  try {
    definition = JSON.parse(ui.machine.definition);
  } catch (e) {
    throw new Error(`the definition of ${ui.machine.name} is not JSON: ${e.message}`);
  }
  const t0 = performance.now();
  const { layout } = await layoutDefinition(new window.ELK(), definition);
  ui.layout = layout;
  ui.painter = drawGraph(doc, $('graph'), layout, selectState);
  $('layout-time').textContent = `${layout.shapes.filter((s) => s.kind === 'state').length} states laid out in ${Math.round(performance.now() - t0)} ms`;
  applyZoom();
  ui.execArn = null;
  await refreshExecutions();
  const wanted = new URLSearchParams(location.hash.slice(1)).get('execution');
  if (wanted) {
    await openExecution(wanted);
  }
}

export async function refreshExecutions() {
  if (!ui.machineArn) {
    return;
  }
  const statusFilter = $('status-filter').value || undefined;
  const res = await api('ListExecutions', { stateMachineArn: ui.machineArn, maxResults: 100, statusFilter });
  ui.executions = res.executions ?? [];
  const body = clear($('executions'));
  for (const x of ui.executions) {
    const row = el(doc, 'tr', { class: x.executionArn === ui.execArn ? 'selected' : '' },
      el(doc, 'td', {}, x.name), el(doc, 'td', {}, statusBadge(x.status)),
      el(doc, 'td', { title: isoDate(x.startDate) }, isoDate(x.startDate).replace('T', ' ').slice(0, 19)),
      el(doc, 'td', { class: 'num' }, formatDuration(durationSeconds(x.startDate, x.stopDate ?? Date.now() / 1000))));
    row.addEventListener('click', () => openExecution(x.executionArn).catch(showError));
    body.appendChild(row);
  }
  $('executions-empty').hidden = ui.executions.length > 0;
}

export async function openExecution(arn) {
  ui.execArn = arn;
  ui.exec = null;
  ui.events = [];
  ui.fold = null;
  ui.mapRuns = [];
  ui.child = null;
  ui.childPinned = false;
  ui.chunkOutputs = new Map();
  ui.childSummaries = new Map();
  ui.childLive = new Map();
  ui.etl = null;
  ui.historyPage = 0;
  ui.trailingPolls = 0;
  const params = new URLSearchParams({ machine: ui.machineArn, execution: arn });
  history.replaceState(null, '', '#' + params.toString());
  await refreshExecution();
  await refreshExecutions();
}

export async function refreshExecution() {
  if (!ui.execArn) {
    return;
  }
  const arn = ui.execArn;
  const exec = await api('DescribeExecution', { executionArn: arn });
  const lastId = ui.events.length ? ui.events[ui.events.length - 1].id : 0;
  const fresh = await newEvents(window.fetch.bind(window), arn, lastId);
  if (arn !== ui.execArn) {
    return; // another execution was opened meanwhile
  }
  ui.exec = exec;
  if (fresh.length || !ui.fold) {
    ui.events = ui.events.concat(fresh);
    ui.fold = foldHistory(ui.events);
  }
  await refreshMapRuns();
  await refreshEtl();
  paint();
  renderExecution();
  renderEtl();
  renderState();
  renderHistory();
  renderTimeline();
  renderThroughput();
  // then the children's histories for the Map box's totals (after the first paint: a big map takes a few polls)
  const children = ui.mapRuns.flatMap((r) => r.children);
  if (children.length && await refreshChildSummaries(children) && arn === ui.execArn) {
    paint();
    renderMapRuns();
    renderState();
  }
}

// DescribeExecution can report the end before the history holds its last events (StopExecution answers at once):
// a finished execution is polled until its history ends the same way, at most MAX_TRAILING_POLLS times.
export function historyBehind() {
  return Boolean(ui.exec) && !running(ui.exec) && ui.fold?.execution.status !== ui.exec.status
    && ui.trailingPolls < MAX_TRAILING_POLLS;
}
