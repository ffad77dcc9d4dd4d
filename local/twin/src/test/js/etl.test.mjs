import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getJson, runIdOf, metricsModel, jobView, rejectsView, scheduleView, jobHref } from '../../main/resources/console/js/etl.mjs';
import { summarizeChild, aggregateChildren, totalsBadge, totalsText, mapRunBadge } from '../../main/resources/console/js/maptotals.mjs';
import { foldHistory } from '../../main/resources/console/js/status.mjs';
import { el } from '../../main/resources/console/js/dom.mjs';
import { FakeDocument } from './support.mjs';

const EVIL = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>';

test('runIdOf_outputInputName_firstThatNamesTheRun', () => {
  assert.equal(runIdOf({ name: 'n', input: '{"runId":"from-input"}', output: '{"run":"from-output"}' }), 'from-output');
  assert.equal(runIdOf({ name: 'n', input: '{"runId":"from-input"}' }), 'from-input');
  assert.equal(runIdOf({ name: 'n', input: 'not json' }), 'n');
  assert.equal(runIdOf(null), null);
});

test('jobHref_runWithSlashes_encodedRelativePath', () => {
  assert.equal(jobHref('a/../b?c'), 'api/job/a%2F..%2Fb%3Fc');
  assert.ok(!jobHref('javascript:alert(1)').startsWith('javascript:'));
});

test('getJson_404_nullAndOtherErrorsThrowWithTheMessage', async () => {
  const answer = (status, body) => async () => ({ status, ok: status === 200, text: async () => body });
  assert.equal(await getJson(answer(404, '{"error":"RunNotFound"}'), 'job/x'), null);
  assert.deepEqual(await getJson(answer(200, '{"run":"x"}'), 'job/x'), { run: 'x' });
  await assert.rejects(getJson(answer(400, '{"error":"InvalidRunId","message":"bad id"}'), 'job/%2F'),
    /api\/job\/%2F failed: InvalidRunId: bad id/);
});

test('metricsModel_emfPoints_cumulativeRowsAndTimePerStage', () => {
  const start = Date.parse('2026-11-24T10:00:00Z') / 1000;
  const metrics = {
    points: [
      { time: '2026-11-24T10:00:04Z', stage: 'load', values: { RowsLoaded: 9, RowsRejected: 0, DurationMillis: 300 } },
      { time: '2026-11-24T10:00:02Z', stage: 'validate', values: { RowsRead: 10, RowsValid: 9, RowsRejected: 1, DurationMillis: 100 } },
      { time: '2026-11-24T10:00:03Z', stage: 'transform', values: { RowsRejected: 0, DurationMillis: 50 } },
    ],
    totals: { load: { DurationMillis: 300 }, validate: { DurationMillis: 100 }, transform: { DurationMillis: 50 } },
  };
  const m = metricsModel(metrics, start);
  assert.deepEqual(m.points.map((p) => [p.t, p.read, p.valid, p.loaded, p.rejected]),
    [[0, 0, 0, 0, 0], [2, 10, 9, 0, 1], [3, 10, 9, 0, 1], [4, 10, 9, 9, 1]]);
  assert.deepEqual(m.stages.map((s) => s.label), ['validate', 'transform', 'load'], 'pipeline order');
  assert.equal(m.stages[0].text, '100 ms in 1 invocation');
  assert.equal(metricsModel({ points: [], totals: {} }, start), null);
});

test('rejectsView_recordAndReasonHoldingScript_textNotMarkup', () => {
  const doc = new FakeDocument();
  const node = rejectsView(doc, { files: 'manifest', more: true, rejects: [
    { object: 's3://b/in/orders.csv', line: 8, stage: 'validate', reasons: [`field 'status': '${EVIL}' is not one of NEW`],
      record: `ORD-7,C7,****,${EVIL}` }] }, 3);
  const text = node.textContent;
  assert.ok(text.includes(EVIL), text);
  assert.ok(text.includes('orders.csv:8'));
  assert.ok(text.includes('First 1 of 3 rejects'));
  assert.ok([...node.walk()].every((e) => e.tagName !== 'script' && e.tagName !== 'img'));
});

test('jobView_recordWithMarkupEverywhere_readableText', () => {
  const doc = new FakeDocument();
  const job = { run: 'r', status: 'FAILED', dataset: EVIL, error: EVIL, cause: EVIL, startedAt: '2026-11-24T10:00:00Z',
    sources: [{ object: EVIL, etag: '"abc"', size: 12 }], counts: { read: 10, rejected: 1, loaded: 9 },
    timings: { totalMillis: 4000, validateMillis: 100, validateInvocations: 2 }, chunks: 2,
    chunkCounts: { '00000': { read: 5, rejected: 1, loaded: 4 }, '00001': { read: 5, loaded: 5 } },
    rejectReasons: { reasons: [{ reason: EVIL, count: 1, stage: 'validate', example: { object: 'o', line: 8 } }] } };
  const node = jobView(doc, job);
  const text = node.textContent;
  assert.ok(text.includes(EVIL));
  assert.ok(text.includes('"abc"'), 'the ETag');
  assert.ok(text.includes('00001'), 'counts per chunk');
  assert.ok(text.includes('line 8 of o'), 'a reason with its example line');
  assert.ok([...node.walk()].every((e) => e.tagName !== 'script' && e.tagName !== 'img'));
});

test('jobView_reprocessingLinks_jobRecordsOfBothRunsLinkedAsText', () => {
  const doc = new FakeDocument();
  const reprocessing = jobView(doc, { run: 'r2', status: 'SUCCEEDED', reprocessOf: 'r1' });
  const back = [...reprocessing.walk()].filter((e) => e.tagName === 'a');
  assert.deepEqual(back.map((a) => [a.getAttribute('href'), a.textContent]), [['api/job/r1', 'r1']]);
  assert.ok(reprocessing.textContent.includes('Reprocesses the rejects of'));
  const original = jobView(doc, { run: 'r1', status: 'SUCCEEDED', reprocessedBy: ['r3', EVIL] });
  const links = [...original.walk()].filter((e) => e.tagName === 'a');
  assert.deepEqual(links.map((a) => a.textContent), [EVIL, 'r3'].sort());
  assert.ok(links.every((a) => a.getAttribute('href').startsWith('api/job/') && !a.getAttribute('href').includes('<')));
  assert.ok(original.textContent.includes('Rejects reprocessed by'));
  assert.ok([...original.walk()].every((e) => e.tagName !== 'script' && e.tagName !== 'img'));
});

test('scheduleView_upcomingAndPast_rowsWithNamesAndStatus', () => {
  const doc = new FakeDocument();
  const opened = [];
  const node = scheduleView(doc, { expression: 'cron(0 5 * * ? *)', timeZone: 'Europe/London',
    upcoming: [{ scheduledTime: '2026-11-25T05:00:00Z', localTime: '2026-11-25T05:00Z', executionName: 'nightly-20261125T0500Z' }],
    past: [{ name: EVIL, executionArn: 'arn:x', status: 'FAILED', scheduledTime: '2026-11-24T05:00:00Z' }] },
  (arn) => opened.push(arn), (s) => el(doc, 'span', {}, s));
  const text = node.textContent;
  assert.ok(text.includes('nightly-20261125T0500Z'));
  assert.ok(text.includes(EVIL) && text.includes('FAILED'));
  const row = [...node.walk()].find((e) => e.tagName === 'tr' && e.textContent.includes('FAILED'));
  row.listeners.click({});
  assert.deepEqual(opened, ['arn:x']);
});

function childHistory(states) {
  // one strand: each [name, outcome] entered then exited (succeeded), failed, or left running
  const events = [{ id: 1, previousEventId: 0, timestamp: 1, type: 'ExecutionStarted', executionStartedEventDetails: {} }];
  for (const [name, outcome] of states) {
    const id = events.length + 1;
    events.push({ id, previousEventId: id - 1, timestamp: id, type: 'TaskStateEntered', stateEnteredEventDetails: { name, input: '{}' } });
    if (outcome === 'succeeded') {
      events.push({ id: id + 1, previousEventId: id, timestamp: id + 1, type: 'TaskStateExited', stateExitedEventDetails: { name, output: '{}' } });
    } else if (outcome === 'failed') {
      events.push({ id: id + 1, previousEventId: id, timestamp: id + 1, type: 'TaskFailed', taskFailedEventDetails: { error: 'E', cause: 'c' } });
      events.push({ id: id + 2, previousEventId: id + 1, timestamp: id + 2, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'E', cause: 'c' } });
    }
  }
  return events;
}

test('aggregateChildren_threeChildren_totalsOverAllNotOne', () => {
  const summaries = [
    childHistory([['Validate', 'succeeded'], ['Load', 'succeeded']]),
    childHistory([['Validate', 'succeeded'], ['Load', 'failed']]),
    childHistory([['Validate', 'running']]),
  ].map((h) => summarizeChild(foldHistory(h)));
  const totals = aggregateChildren(summaries);
  const v = totals.get('Validate');
  assert.equal(v.children, 3);
  assert.deepEqual(v.counts, { succeeded: 2, running: 1 });
  assert.equal(v.status, 'running', 'running while any child runs it');
  const l = totals.get('Load');
  assert.deepEqual(l.counts, { succeeded: 1, failed: 1 });
  assert.equal(l.status, 'failed', 'the worst outcome once none runs');
  assert.equal(totalsBadge(v), '✓2 ▶1');
  assert.equal(totalsText(l), 'in 2 children: 1 succeeded, 1 failed');
});

test('mapRunBadge_describeMapRun_succeededOfTotalRunningFailed', () => {
  assert.equal(mapRunBadge({ executionCounts: { succeeded: 38, total: 41, running: 2, failed: 1, pending: 0 } }), '38/41 ▶2 ✗1');
  assert.equal(mapRunBadge({ itemCounts: { succeeded: 3, total: 3 } }), '3/3');
  assert.equal(mapRunBadge({}), null);
});
