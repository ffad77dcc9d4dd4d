import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldHistory, stateStatus, formatDuration, eventMatches } from '../../main/resources/console/js/status.mjs';
import { fixture } from './support.mjs';

// Histories recorded from the twin running local/twin/src/test/resources/console/demo.asl.json (ConsoleFixture).
const ok = fixture('demo-ok.history.json');
const failed = fixture('demo-failed.history.json');

test('foldHistory_succeededRun_retriedCaughtAndSucceededStates', () => {
  const { states, execution } = foldHistory(ok);
  assert.equal(execution.status, 'SUCCEEDED');
  assert.equal(states.get('Prepare').status, 'succeeded');
  assert.equal(states.get('Flaky').status, 'retried');
  const flaky = states.get('Flaky').attempts[0];
  assert.equal(flaky.retries.length, 1);
  assert.equal(flaky.retries[0].error, 'Flaky');
  assert.ok(flaky.retries[0].delaySeconds >= 0);
  assert.equal(states.get('Risky').status, 'caught');
  assert.equal(states.get('Risky').attempts[0].error, 'Boom');
  assert.equal(states.get('Handled').status, 'succeeded');
  assert.equal(states.get('Fan out').status, 'succeeded');
  assert.match(states.get('Chunks').attempts[0].mapRunArn, /:mapRun:console-demo\/Chunks:/);
  assert.equal(states.has('Explode'), false);
});

test('foldHistory_failedRun_failingStateCarriesErrorAndCause', () => {
  const { states, execution } = foldHistory(failed);
  assert.equal(execution.status, 'FAILED');
  const explode = states.get('Explode');
  assert.equal(explode.status, 'failed');
  assert.equal(explode.attempts[0].error, 'Boom');
  assert.match(explode.attempts[0].cause, /^<img src=x/);
  assert.equal(states.get('Should fail?').status, 'succeeded');
});

test('foldHistory_historyCutMidway_lastStateRunning', () => {
  const { states, execution } = foldHistory(ok.slice(0, 13));
  assert.equal(execution.status, 'RUNNING');
  assert.equal(states.get('Flaky').status, 'running');
  assert.equal(states.get('Fan out').status, 'running');
  assert.equal(states.get('Prepare').status, 'succeeded');
});

test('foldHistory_cutBetweenFailureAndRetry_failedUntilRescheduledThenRetrying', () => {
  const atFailure = ok.findIndex((e) => e.type === 'LambdaFunctionFailed' && e.lambdaFunctionFailedEventDetails.error === 'Flaky');
  assert.equal(foldHistory(ok.slice(0, atFailure + 1)).states.get('Flaky').status, 'failed');
  const rescheduled = ok.findIndex((e, i) => i > atFailure && e.type === 'LambdaFunctionScheduled' && e.previousEventId === ok[atFailure].id);
  assert.equal(foldHistory(ok.slice(0, rescheduled + 1)).states.get('Flaky').status, 'retrying');
});

test('foldHistory_failStateThenExecutionFailed_failStateFailedWithTheExecutionError', () => {
  const events = [
    { id: 1, previousEventId: 0, timestamp: 1, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } },
    { id: 2, previousEventId: 1, timestamp: 2, type: 'FailStateEntered', stateEnteredEventDetails: { name: 'Nope', input: '{}' } },
    { id: 3, previousEventId: 2, timestamp: 3, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Custom', cause: 'why' } },
  ];
  const { states } = foldHistory(events);
  assert.equal(states.get('Nope').status, 'failed');
  assert.equal(states.get('Nope').attempts[0].error, 'Custom');
});

test('foldHistory_stoppedWhileRunning_openStatesAborted', () => {
  const events = [
    { id: 1, previousEventId: 0, timestamp: 1, type: 'ExecutionStarted', executionStartedEventDetails: {} },
    { id: 2, previousEventId: 1, timestamp: 2, type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'W', input: '{}' } },
    { id: 3, previousEventId: 2, timestamp: 3, type: 'WaitStateAborted' },
    { id: 4, previousEventId: 3, timestamp: 3, type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Console.Stopped' } },
  ];
  const { states, execution } = foldHistory(events);
  assert.equal(execution.status, 'ABORTED');
  assert.equal(states.get('W').status, 'aborted');
});

test('foldHistory_abortedThenRedriven_runningAgainThenSucceeded', () => {
  const events = [
    { id: 1, previousEventId: 0, timestamp: 1, type: 'ExecutionStarted', executionStartedEventDetails: {} },
    { id: 2, previousEventId: 1, timestamp: 2, type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'W', input: '{}' } },
    { id: 3, previousEventId: 2, timestamp: 3, type: 'WaitStateAborted' },
    { id: 4, previousEventId: 3, timestamp: 3, type: 'ExecutionAborted', executionAbortedEventDetails: {} },
    { id: 5, previousEventId: 4, timestamp: 4, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: 1 } },
    { id: 6, previousEventId: 5, timestamp: 5, type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'W', input: '{}' } },
  ];
  const redriven = foldHistory(events);
  assert.equal(redriven.execution.status, 'RUNNING');
  assert.equal(redriven.states.get('W').status, 'running');
  const done = foldHistory(events.concat([
    { id: 7, previousEventId: 6, timestamp: 6, type: 'WaitStateExited', stateExitedEventDetails: { name: 'W', output: '{}' } },
    { id: 8, previousEventId: 7, timestamp: 6, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}' } },
  ]));
  assert.equal(done.execution.status, 'SUCCEEDED');
  assert.equal(done.states.get('W').status, 'succeeded');
});

test('stateStatus_loopEnteredThreeTimes_succeededAndCounted', () => {
  const a = (outcome, retries = []) => ({ outcome, retries });
  assert.equal(stateStatus([a('succeeded'), a('succeeded'), a('running')]), 'running');
  assert.equal(stateStatus([a('succeeded'), a('failed')]), 'failed');
  assert.equal(stateStatus([a('succeeded', [{}]), a('succeeded')]), 'retried');
  assert.equal(stateStatus([]), 'idle');
});

test('formatDuration_andSearch_humanTextAndCaseInsensitiveMatch', () => {
  assert.equal(formatDuration(0.25), '250 ms');
  assert.equal(formatDuration(12.34), '12.3 s');
  assert.equal(formatDuration(245), '4 min 05 s');
  assert.ok(eventMatches(ok[1], 'prepare'));
  assert.ok(!eventMatches(ok[1], 'no such text'));
});

test('timelineModel_succeededRun_rowPerStateInStartOrderThenChunks', async () => {
  const { timelineModel, ticks } = await import('../../main/resources/console/js/timeline.mjs');
  const fold = foldHistory(ok);
  const children = [
    { name: 'c2', status: 'FAILED', startDate: ok[30].timestamp + 0.2, stopDate: ok[30].timestamp + 0.5 },
    { name: 'c1', status: 'RUNNING', startDate: ok[30].timestamp + 0.1 },
  ];
  const now = ok[ok.length - 1].timestamp + 1;
  const m = timelineModel(fold, children, now);
  const labels = m.rows.map((r) => r.label);
  assert.equal(labels[0], 'Prepare');
  assert.ok(labels.indexOf('Fan out') < labels.indexOf('Chunks'));
  assert.deepEqual(labels.slice(-2), ['c1', 'c2']);
  assert.equal(m.rows.at(-2).bars[0].to, now, 'a running chunk reaches now');
  assert.equal(m.rows.at(-1).bars[0].status, 'failed');
  assert.equal(m.rows.find((r) => r.label === 'Flaky').bars[0].status, 'retried');
  assert.equal(m.rows.find((r) => r.label === 'Risky').bars[0].status, 'caught');
  assert.ok(m.start <= ok[1].timestamp && m.end === now);
  assert.deepEqual(ticks(10), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(ticks(0.35).slice(0, 3), [0, 0.05, 0.1]);
});

test('throughputModel_chunkResults_cumulativeRowsInFinishOrder', async () => {
  const { throughputModel } = await import('../../main/resources/console/js/chart.mjs');
  const children = [
    { executionArn: 'b', status: 'SUCCEEDED', stopDate: 110 },
    { executionArn: 'a', status: 'SUCCEEDED', stopDate: 105 },
    { executionArn: 'c', status: 'RUNNING' },
    { executionArn: 'd', status: 'SUCCEEDED', stopDate: 120 },
  ];
  const outputs = new Map([
    ['a', { chunk: '00000', counts: { read: 100, loaded: 90, rejected: 10 } }],
    ['b', { chunk: '00001', counts: { read: 50, loaded: 50, rejected: 0 } }],
    ['d', { not: 'an etl chunk' }],
  ]);
  const m = throughputModel(children, outputs, 100);
  assert.deepEqual(m.points, [{ t: 0, read: 0, loaded: 0, rejected: 0 }, { t: 5, read: 100, loaded: 90, rejected: 10 },
    { t: 10, read: 150, loaded: 140, rejected: 10 }]);
  assert.equal(m.chunks, 2);
  assert.equal(m.rowsPerSecond, 15);
  assert.equal(throughputModel(children, new Map(), 100), null, 'no chunk results: no chart');
});
