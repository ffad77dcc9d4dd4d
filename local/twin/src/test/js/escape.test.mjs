import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { layoutDefinition } from '../../main/resources/console/js/graph.mjs';
import { drawGraph } from '../../main/resources/console/js/render.mjs';
import { foldHistory } from '../../main/resources/console/js/status.mjs';
import { el, prettyJson } from '../../main/resources/console/js/dom.mjs';
import { CONSOLE_DIR, FakeDocument, newElk } from './support.mjs';

const EVIL = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>';

test('drawGraph_stateNamedWithMarkup_drawnAsText', async () => {
  const definition = { StartAt: EVIL, States: { [EVIL]: { Type: 'Pass', Next: 'b' }, b: { Type: 'Choice',
    Choices: [{ Variable: '$.x', StringEquals: EVIL, Next: EVIL }], Default: 'c' }, c: { Type: 'Succeed' } } };
  const { layout } = await layoutDefinition(newElk(), definition);
  const doc = new FakeDocument();
  const root = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
  let selected;
  const painter = drawGraph(doc, root, layout, (name) => { selected = name; });
  const texts = [...root.walk()].filter((e) => e.tagName === 'text').map((e) => e.textContent);
  assert.ok(texts.includes(EVIL), 'the state name is a text node, character for character');
  assert.ok(texts.some((t) => t.startsWith('$.x == "<script>')), 'the choice label is text');
  assert.ok([...root.walk()].every((e) => e.tagName !== 'script' && e.tagName !== 'img'));
  const node = [...root.walk()].find((e) => e.getAttribute('data-id') === 'n:' + EVIL);
  node.listeners.click({});
  assert.equal(selected, EVIL);
  painter.paint(new Map([[EVIL, { status: 'succeeded', entered: 2, attempts: [{ retries: [] }, { retries: [] }] }]]));
  assert.match(node.getAttribute('class'), /status-succeeded/);
});

test('paint_statusOutsideTheKnownSet_neverBecomesAClassName', async () => {
  const { layout } = await layoutDefinition(newElk(), { StartAt: 'a', States: { a: { Type: 'Succeed' } } });
  const doc = new FakeDocument();
  const root = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const painter = drawGraph(doc, root, layout, () => {});
  painter.paint(new Map([['a', { status: '" onclick="x', entered: 1, attempts: [] }]]));
  const node = [...root.walk()].find((e) => e.getAttribute('data-id') === 'n:a');
  assert.match(node.getAttribute('class'), /status-idle/);
  assert.doesNotMatch(node.getAttribute('class'), /onclick/);
});

test('el_outputHoldingScript_textNodeNotMarkup', () => {
  const doc = new FakeDocument();
  const history = [
    { id: 1, previousEventId: 0, timestamp: 1, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'T', input: '{}' } },
    { id: 2, previousEventId: 1, timestamp: 2, type: 'TaskStateExited', stateExitedEventDetails: { name: 'T', output: JSON.stringify({ row: EVIL }) } },
  ];
  const output = foldHistory(history).states.get('T').attempts[0].output;
  const pre = el(doc, 'pre', { class: 'json' }, prettyJson(output));
  assert.equal(pre.childNodes.length, 1);
  assert.equal(pre.childNodes[0].nodeType, 3);
  assert.ok(pre.textContent.includes('<script>document.title=\\"pwned\\"</script><img src=x onerror=alert(1)>'), pre.textContent);
});

test('consoleSources_noMarkupSinks_innerHtmlNeverUsed', () => {
  const sinks = /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/;
  const dir = resolve(CONSOLE_DIR, 'js');
  const files = readdirSync(dir).filter((f) => f.endsWith('.mjs'));
  assert.ok(files.length >= 6);
  for (const f of files) {
    assert.doesNotMatch(readFileSync(resolve(dir, f), 'utf8'), sinks, `${f} uses a markup sink`);
  }
  const html = readFileSync(resolve(CONSOLE_DIR, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script>|\son[a-z]+=/i, 'index.html has no inline script or handler (the CSP forbids them)');
});

test('drawTimeline_chunkNamedWithMarkup_drawnAsText', async () => {
  const { timelineModel, drawTimeline } = await import('../../main/resources/console/js/timeline.mjs');
  const doc = new FakeDocument();
  const root = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const model = timelineModel(null, [{ name: '<b>x</b>', status: '"><script>', startDate: 1, stopDate: 2 }], 3);
  drawTimeline(doc, root, model, 800);
  const texts = [...root.walk()].filter((e) => e.tagName === 'text').map((e) => e.textContent);
  assert.ok(texts.includes('<b>x</b>'));
  const bar = [...root.walk()].find((e) => e.tagName === 'rect');
  assert.equal(bar.getAttribute('class'), 'bar status-running', 'an unknown status never reaches the class');
});
