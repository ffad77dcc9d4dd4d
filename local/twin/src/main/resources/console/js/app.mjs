// The console page: state machines, executions, the live graph, state details, map runs and the history table.
// This module wires the page (buttons, the poll, start / stop / redrive); the panels live in executions.mjs,
// panels.mjs, mapruns.mjs, etlpanels.mjs and history.mjs, sharing state.mjs. Everything shown comes from the Step
// Functions API (sfn.mjs) and is put on the page as text (dom.mjs).
import { clear } from './dom.mjs';
import { exportSvg, exportPng } from './export.mjs';
import { getJson, scheduleView } from './etl.mjs';
import { doc, $, api, ui, ms, showError, statusBadge, running } from './state.mjs';
import { loadMachines, openMachine, refreshExecutions, openExecution, refreshExecution, historyBehind } from './executions.mjs';
import { applyZoom } from './panels.mjs';
import { renderHistory } from './history.mjs';

const POLL_MS = 1000;
const SCHEDULE_POLL_TICKS = 30;

// ---- schedule

async function refreshSchedule() {
  const s = await getJson(window.fetch.bind(window), 'schedule');
  $('schedule-section').hidden = !s;
  if (s) {
    clear($('schedule')).appendChild(scheduleView(doc, s, (arn) => openExecution(arn).catch(showError), statusBadge));
  }
}

// ---- start / stop

async function startExecution() {
  const text = $('start-input').value.trim() || '{}';
  try {
    JSON.parse(text);
  } catch (e) {
    $('start-problem').textContent = `The input is not valid JSON: ${e.message}`;
    return;
  }
  $('start-problem').textContent = '';
  const name = $('start-name').value.trim() || undefined;
  const res = await api('StartExecution', { stateMachineArn: ui.machineArn, input: text, name });
  await openExecution(res.executionArn);
}

// ---- wiring

async function tick() {
  if (ui.busy) {
    return;
  }
  ui.busy = true;
  ui.tickCount++;
  try {
    if (running(ui.exec) || (ui.execArn && !ui.exec) || ui.chunkOutputsPending || ui.childSummariesPending
      || historyBehind()) {
      ui.trailingPolls += running(ui.exec) ? 0 : 1;
      await refreshExecution();
    }
    if (ui.tickCount % SCHEDULE_POLL_TICKS === 0) {
      await refreshSchedule();
    }
    if (ui.executions.some(running) || ui.tickCount % 5 === 0) {
      await refreshExecutions();
    }
    showError(null);
  } catch (e) {
    showError(e);
  } finally {
    ui.busy = false;
  }
}

function wire() {
  $('machine').addEventListener('change', () => openMachine($('machine').value).catch(showError));
  $('status-filter').addEventListener('change', () => refreshExecutions().catch(showError));
  let searchTimer;
  $('history-search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { ui.historyPage = 0; renderHistory(); }, 150);
  });
  $('history-prev').addEventListener('click', () => { ui.historyPage = Math.max(0, ui.historyPage - 1); renderHistory(); });
  $('history-next').addEventListener('click', () => { ui.historyPage++; renderHistory(); });
  $('zoom-in').addEventListener('click', () => { ui.zoom = Math.min(3, ui.zoom * 1.25); applyZoom(); });
  $('zoom-out').addEventListener('click', () => { ui.zoom = Math.max(0.2, ui.zoom / 1.25); applyZoom(); });
  $('zoom-fit').addEventListener('click', () => {
    const w = $('graph-scroll').clientWidth - 4;
    ui.zoom = ui.layout ? Math.min(2, w / (ui.layout.width + 16)) : 1;
    applyZoom();
  });
  $('export-svg').addEventListener('click', () => exportSvg(doc, $('graph'), (ui.machine?.name ?? 'graph') + '.svg').catch(showError));
  $('export-png').addEventListener('click', () => exportPng(doc, $('graph'), (ui.machine?.name ?? 'graph') + '.png').catch(showError));
  $('stop').addEventListener('click', () => {
    if (ui.execArn && window.confirm('Stop this execution?')) {
      api('StopExecution', { executionArn: ui.execArn, error: 'Console.Stopped', cause: 'stopped from the local console' })
        .then(refreshExecution).catch(showError);
    }
  });
  $('redrive').addEventListener('click', () => {
    if (ui.execArn) {
      api('RedriveExecution', { executionArn: ui.execArn })
        .then(() => { ui.exec = null; ui.trailingPolls = 0; return refreshExecution(); }).catch(showError);
    }
  });
  $('start').addEventListener('click', () => startExecution().catch((e) => { $('start-problem').textContent = ms(e); }));
  ui.tickCount = 0;
  window.addEventListener('hashchange', () => {
    const wanted = new URLSearchParams(location.hash.slice(1)).get('execution');
    if (wanted && wanted !== ui.execArn) {
      openExecution(wanted).catch(showError);
    }
  });
}

wire();
loadMachines().then(refreshSchedule).catch(showError).finally(() => setInterval(tick, POLL_MS));
