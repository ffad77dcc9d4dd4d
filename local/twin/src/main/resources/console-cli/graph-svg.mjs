// `etl graph FILE --out F.svg`: the console's graph of an ASL file as a standalone SVG, drawn by the same code as the
// page (graph.mjs, render.mjs) into a small DOM that serializes itself. Run by GraphCommand with Node:
//   node graph-svg.mjs <definition.json> <out.svg>
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutDefinition } from '../console/js/graph.mjs';
import { drawGraph } from '../console/js/render.mjs';
import { XmlDocument, XmlElement } from './xml-dom.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const consoleDir = resolve(here, '../console');

const doc = new XmlDocument();

/** The page's #graph rules, for the standalone file. */
function graphCss() {
  const css = readFileSync(resolve(consoleDir, 'console.css'), 'utf8');
  return css.split('\n').filter((l) => /^#graph[ .,]/.test(l)).map((l) => l.replace(/#graph(?![-\w])/g, 'svg')).join('\n');
}

const [definitionFile, outFile] = process.argv.slice(2);
if (!definitionFile || !outFile) {
  console.error('usage: node graph-svg.mjs <definition.json> <out.svg>');
  process.exit(2);
}
let definition;
try {
  definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
} catch (e) {
  console.error(`cannot read ${definitionFile} as JSON: ${e.message}`);
  process.exit(2);
}
const ELK = createRequire(import.meta.url)(resolve(consoleDir, 'vendor/elkjs/elk.bundled.js'));
let layout;
try {
  ({ layout } = await layoutDefinition(new ELK(), definition));
} catch (e) {
  console.error(`${definitionFile}: ${e.message}`);
  process.exit(2);
}
const root = new XmlElement('svg');
root.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
drawGraph(doc, root, layout, null);
const style = new XmlElement('style');
style.textContent = 'svg { background: #ffffff; }\n' + graphCss();
root.insertFirst(style);
writeFileSync(outFile, '<?xml version="1.0" encoding="UTF-8"?>\n' + root.xml() + '\n');
console.error(`${outFile}: ${layout.shapes.filter((s) => s.kind === 'state').length} states, ${Math.ceil(layout.width)}x${Math.ceil(layout.height)}`);
