// `etl graph FILE --out F.svg`: the console's graph of an ASL file as a standalone SVG, drawn by the same code as the
// page (graph.mjs, render.mjs) into a small DOM that serializes itself. Run by GraphCommand with Node:
//   node graph-svg.mjs <definition.json> <out.svg>
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutDefinition } from '../console/js/graph.mjs';
import { drawGraph } from '../console/js/render.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const consoleDir = resolve(here, '../console');

function escapeXml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

class Text {
  constructor(t) {
    this.data = String(t);
  }

  get textContent() {
    return this.data;
  }

  xml() {
    return escapeXml(this.data);
  }
}

class Element {
  constructor(tag) {
    this.tag = tag;
    this.attrs = new Map();
    this.children = [];
  }

  setAttribute(k, v) {
    if (!/^[a-zA-Z][a-zA-Z0-9:-]*$/.test(k)) {
      throw new Error('bad attribute name ' + k);
    }
    this.attrs.set(k, String(v));
  }

  getAttribute(k) {
    return this.attrs.get(k) ?? null;
  }

  appendChild(c) {
    this.children.push(c);
    return c;
  }

  removeChild(c) {
    this.children = this.children.filter((x) => x !== c);
    return c;
  }

  get firstChild() {
    return this.children[0] ?? null;
  }

  set textContent(v) {
    this.children = [new Text(v)];
  }

  get textContent() {
    return this.children.map((c) => c.textContent).join('');
  }

  xml() {
    const attrs = [...this.attrs].map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
    return `<${this.tag}${attrs}>${this.children.map((c) => c.xml()).join('')}</${this.tag}>`;
  }
}

const doc = {
  createElement: (tag) => new Element(tag),
  createElementNS: (ns, tag) => new Element(tag),
  createTextNode: (t) => new Text(t),
};

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
const root = new Element('svg');
root.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
drawGraph(doc, root, layout, null);
const style = new Element('style');
style.textContent = 'svg { background: #ffffff; }\n' + graphCss();
root.children.unshift(style);
writeFileSync(outFile, '<?xml version="1.0" encoding="UTF-8"?>\n' + root.xml() + '\n');
console.error(`${outFile}: ${layout.shapes.filter((s) => s.kind === 'state').length} states, ${Math.ceil(layout.width)}x${Math.ceil(layout.height)}`);
