import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { buildGraph, describeRule, layoutDefinition, subtitle } from '../../main/resources/console/js/graph.mjs';
import { newElk, readJson, REPO_DIR } from './support.mjs';

const etl = readJson(resolve(REPO_DIR, 'statemachine/etl.asl.json'));
const demo = readJson(resolve(REPO_DIR, 'local/twin/src/test/resources/console/demo.asl.json'));

function countStates(scope) {
  let n = 0;
  for (const s of Object.values(scope.States)) {
    n++;
    const proc = s.ItemProcessor ?? s.Iterator;
    if (proc) {
      n += countStates(proc);
    }
    for (const b of s.Branches ?? []) {
      n += countStates(b);
    }
  }
  return n;
}

function byName(layout) {
  return new Map(layout.shapes.filter((s) => s.kind === 'state').map((s) => [s.name, s]));
}

function inside(inner, outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width
    && inner.y + inner.height <= outer.y + outer.height;
}

function overlap(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('buildGraph_etlDefinition_oneNodePerStateNestedInTheMap', () => {
  const model = buildGraph(etl);
  const states = [...model.nodes.values()].filter((n) => n.kind === 'state');
  assert.equal(states.length, countStates(etl));
  assert.equal(model.nodes.get('n:Process chunks/Validate').parent, 'n:Process chunks');
  assert.equal(model.nodes.get('n:Process chunks').subtitle, 'Map (distributed)');
});

test('buildGraph_choice_edgesLabelledWithRuleAndDefault', () => {
  const model = buildGraph(etl);
  const edges = model.elk.edges;
  const choice = edges.find((e) => e.sources[0] === 'n:Prepare done?' && e.kind === 'choice');
  assert.equal(choice.targets[0], 'n:Prepare');
  assert.equal(choice.labels[0].text, '$.prepare.done == false');
  const dflt = edges.find((e) => e.sources[0] === 'n:Prepare done?' && e.kind === 'default');
  assert.equal(dflt.targets[0], 'n:Process chunks');
  assert.equal(dflt.labels[0].text, 'Default');
});

test('buildGraph_catchAndParallel_catchEdgesAndBranchBoxes', () => {
  const model = buildGraph(demo);
  const fan = model.elk.children.find((c) => c.id === 'n:Fan out');
  assert.deepEqual(fan.children.map((c) => c.id), ['n:Fan out#1', 'n:Fan out#2']);
  const branch2 = fan.children[1];
  const caught = branch2.edges.find((e) => e.kind === 'catch');
  assert.deepEqual([caught.sources[0], caught.targets[0]], ['n:Fan out#2/Risky', 'n:Fan out#2/Handled']);
  assert.match(caught.labels[0].text, /States\.ALL/);
});

test('buildGraph_notADefinition_throwsWithHint', () => {
  assert.throws(() => buildGraph({ StartAt: 'x' }), /StartAt and States/);
});

test('describeRule_comparisonsCombinationsAndJsonata_shortText', () => {
  assert.equal(describeRule({ Variable: '$.n', NumericGreaterThanEquals: 3, Next: 'x' }), '$.n >= 3');
  assert.equal(describeRule({ Variable: '$.a', StringEqualsPath: '$.b', Next: 'x' }), '$.a == $.b');
  assert.equal(describeRule({ Variable: '$.a', IsPresent: false, Next: 'x' }), '$.a not present');
  assert.equal(describeRule({ And: [{ Variable: '$.a', BooleanEquals: true }, { Not: { Variable: '$.b', IsNull: true } }], Next: 'x' }),
    '$.a == true && !($.b null)');
  assert.equal(describeRule({ Condition: '{% $states.input.n > 3 %}', Next: 'x' }), '$states.input.n > 3');
  assert.equal(describeRule({ Variable: '$.s', StringEquals: 'x'.repeat(80), Next: 'x' }).length, 44);
});

test('subtitle_serviceIntegrationAndMapMode_named', () => {
  assert.equal(subtitle({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' }), 'Task: lambda:invoke');
  assert.equal(subtitle({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem' }), 'Task: dynamodb:putItem');
  assert.equal(subtitle({ Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' } } }), 'Map (inline)');
});

test('layoutDefinition_etlDefinition_topToBottomLoopsBackAndNestedInsideTheMap', async () => {
  const { layout } = await layoutDefinition(newElk(), etl);
  const s = byName(layout);
  const order = ['Start', 'Merge defaults', 'Prepare', 'Prepare done?', 'Process chunks', 'Finalize', 'Done'];
  for (let i = 1; i < order.length; i++) {
    assert.ok(s.get(order[i - 1]).y < s.get(order[i]).y, `${order[i - 1]} is above ${order[i]}`);
  }
  const inner = ['Validate', 'Validate done?', 'Start transform', 'Transform', 'Transform done?', 'Start load', 'Load',
    'Load done?', 'Chunk result'];
  for (let i = 1; i < inner.length; i++) {
    assert.ok(s.get(inner[i - 1]).y < s.get(inner[i]).y, `${inner[i - 1]} is above ${inner[i]} inside the Map`);
  }
  for (const name of inner) {
    assert.ok(inside(s.get(name), s.get('Process chunks')), `${name} is drawn inside the Map's box`);
  }
  const start = layout.shapes.find((x) => x.kind === 'start');
  const end = layout.shapes.find((x) => x.kind === 'end');
  assert.ok(start.y < s.get('Start').y && end.y > s.get('Done').y);
  const edge = layout.edges.find((e) => e.kind === 'choice' && e.source === 'n:Prepare done?');
  assert.ok(edge.points.length >= 2 && edge.labels[0].width > 0);
});

test('layoutDefinition_demoDefinition_branchesSideBySideInsideTheParallel', async () => {
  const { layout } = await layoutDefinition(newElk(), demo);
  const shapes = new Map(layout.shapes.map((x) => [x.id, x]));
  const b1 = shapes.get('n:Fan out#1');
  const b2 = shapes.get('n:Fan out#2');
  assert.ok(inside(b1, shapes.get('n:Fan out')) && inside(b2, shapes.get('n:Fan out')));
  assert.ok(!overlap(b1, b2), 'branches do not overlap');
  assert.ok(inside(shapes.get('n:Fan out#2/Handled'), b2));
});

test('layoutDefinition_sixtyStates_noOverlap', async (t) => {
  const states = {};
  for (let i = 0; i < 60; i++) {
    const next = i === 59 ? { End: true } : { Next: 's' + (i + 1) };
    states['s' + i] = i % 5 === 4
      ? { Type: 'Choice', Choices: [{ Variable: '$.retry', BooleanEquals: true, Next: 's' + (i - 2) }], Default: next.Next ?? 's0' }
      : { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', ...next,
        ...(i % 7 === 0 && i < 59 ? { Catch: [{ ErrorEquals: ['States.ALL'], Next: 's' + (i + 2) }] } : {}) };
  }
  states.s59 = { Type: 'Succeed' };
  const t0 = performance.now();
  const { layout } = await layoutDefinition(newElk(), { StartAt: 's0', States: states });
  const ms = performance.now() - t0;
  const nodes = layout.shapes.filter((x) => x.kind === 'state');
  assert.equal(nodes.length, 60);
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      assert.ok(!overlap(nodes[i], nodes[j]), `${nodes[i].name} and ${nodes[j].name} overlap`);
    }
  }
  t.diagnostic(`60 states laid out in ${Math.round(ms)} ms (measured, not asserted: the machine may be loaded)`);
});
