// Turns pii-own.txt and pii-own-2.txt ("[TYPE:value]" marks) into pii-own.json and pii-own-2.json in
// the Presidio-research format: `node tests/eval/data/build-pii-own.mjs`. The sentences are Locus's
// own, written to test formats the shared set does not show; template_id is the line number.
// pii-own-2.txt was written before the second round of tuning (issue 13) and is only measured.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
for (const name of ['pii-own', 'pii-own-2']) {
  const lines = readFileSync(path.join(here, `${name}.txt`), 'utf8').split('\n');
  const items = [];
  lines.forEach((line, n) => {
    if (!line.trim() || line.startsWith('#')) return;
    let text = '';
    const spans = [];
    let rest = line;
    for (let m = /\[([A-Z_]+):([^\]]+)\]/.exec(rest); m; m = /\[([A-Z_]+):([^\]]+)\]/.exec(rest)) {
      text += rest.slice(0, m.index);
      spans.push({ entity_type: m[1], entity_value: m[2], start_position: text.length, end_position: text.length + m[2].length });
      text += m[2];
      rest = rest.slice(m.index + m[0].length);
    }
    text += rest;
    items.push({ full_text: text, spans, template_id: n });
  });
  writeFileSync(path.join(here, `${name}.json`), `${JSON.stringify(items, null, 1)}\n`);
  console.log(`${name}.json: ${items.length} items written`);
}
