// Export of the drawn graph, as a standalone SVG (the page's graph styles copied in) or as a PNG.

/** The standalone SVG text of the `<svg>` element: a copy with the console's graph styles inside. */
export function standaloneSvg(doc, svgEl) {
  const copy = svgEl.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const rules = [];
  for (const sheet of doc.styleSheets) {
    let list;
    try {
      list = sheet.cssRules;
    } catch {
      continue;
    }
    for (const r of list) {
      if (r.selectorText && /#graph(?![-\w])/.test(r.selectorText)) {
        rules.push(r.cssText.replace(/#graph(?![-\w])/g, 'svg'));
      }
    }
  }
  const style = doc.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = rules.join('\n');
  copy.insertBefore(style, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

function download(doc, blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportSvg(doc, svgEl, filename) {
  download(doc, new Blob([standaloneSvg(doc, svgEl)], { type: 'image/svg+xml' }), filename);
}

export async function exportPng(doc, svgEl, filename) {
  const text = standaloneSvg(doc, svgEl);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error('the graph could not be drawn as an image'));
      img.src = url;
    });
    const scale = 2;
    const canvas = doc.createElement('canvas');
    canvas.width = Math.ceil(img.width * scale);
    canvas.height = Math.ceil(img.height * scale);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    download(doc, blob, filename);
  } finally {
    URL.revokeObjectURL(url);
  }
}
