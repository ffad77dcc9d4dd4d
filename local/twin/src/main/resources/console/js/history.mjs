// The open execution's history: the event table (paged, searchable) and the timeline of its states and chunks.
import { durationSeconds, formatDuration, isoDate, eventMatches, detailsOf } from './status.mjs';
import { el, clear } from './dom.mjs';
import { timelineModel, drawTimeline } from './timeline.mjs';
import { doc, $, ui } from './state.mjs';

const HISTORY_PAGE = 100;
const MAX_TIMELINE_CHUNKS = 300;

export function renderHistory() {
  const text = $('history-search').value;
  const events = ui.events.filter((e) => eventMatches(e, text));
  const pages = Math.max(1, Math.ceil(events.length / HISTORY_PAGE));
  ui.historyPage = Math.min(ui.historyPage, pages - 1);
  const start = ui.historyPage * HISTORY_PAGE;
  const body = clear($('history'));
  const t0 = ui.events[0]?.timestamp;
  for (const ev of events.slice(start, start + HISTORY_PAGE)) {
    const d = detailsOf(ev);
    const summary = JSON.stringify(d);
    body.appendChild(el(doc, 'tr', { class: /Failed|TimedOut|Aborted/.test(ev.type) ? 'bad' : '' },
      el(doc, 'td', { class: 'num' }, String(ev.id)),
      el(doc, 'td', {}, ev.type),
      el(doc, 'td', {}, ui.fold?.stateOfEvent.get(ev.id) ?? ''),
      el(doc, 'td', { class: 'num', title: isoDate(ev.timestamp) }, '+' + formatDuration(durationSeconds(t0, ev.timestamp))),
      el(doc, 'td', { class: 'details' }, summary === '{}' ? '' :
        el(doc, 'details', {}, el(doc, 'summary', {}, summary.length > 120 ? summary.slice(0, 119) + '…' : summary),
          el(doc, 'pre', { class: 'json' }, JSON.stringify(d, null, 2))))));
  }
  $('history-pages').textContent = `page ${ui.historyPage + 1} of ${pages} · ${events.length} of ${ui.events.length} events`;
}

export function renderTimeline() {
  const children = ui.mapRuns.flatMap((r) => r.children).slice(0, MAX_TIMELINE_CHUNKS);
  const model = timelineModel(ui.fold, children, ui.exec?.stopDate ?? Date.now() / 1000);
  drawTimeline(doc, $('timeline'), model, Math.max(600, $('timeline-scroll').clientWidth - 20));
}
