// The uDSV baseline for bench/browser.mjs: uDSV's incremental parser over
// `file.stream()` decoded by TextDecoderStream, keeping no rows, each row
// handed to the same counting code as the PapaParse baselines
// (bench/counts.js). On the main thread, like PapaParse's step mode.

import { inferSchema, initParser } from '/node_modules/udsv/dist/uDSV.mjs';
import { Counts } from './counts.js';
import { timeRun } from './run.js';

/**
 * Where the first row ends in `text`: the index just past its line break,
 * or -1 while the row is still open (a quoted header cell may hold a newline).
 * `rowDelim` is '\r\n' when that break is preceded by '\r'.
 */
function firstRowEnd(text) {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted; // '"' (a doubled "" toggles twice)
    else if (c === 10 && !quoted) return { end: i + 1, rowDelim: i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n' };
  }
  return null;
}

async function parse(file) {
  const counts = new Counts();
  const onRow = (row) => {
    counts.addArray(row);
  };
  let parser = null;
  // Text held back: before the parser exists, everything up to a whole
  // header row; after, a '\r' ending a chunk, whose '\n' may open the next
  // (uDSV would otherwise take a lone '\r' as part of the last cell).
  let held = '';
  const feed = (text) => {
    if (!text) return;
    if (!parser) {
      held += text;
      const head = firstRowEnd(held);
      if (!head) return; // the first chunk cut the header: wait for the rest
      const schema = inferSchema(held.slice(0, head.end), { col: ',', row: head.rowDelim, encl: '"' });
      parser = initParser(schema);
      text = held;
      held = '';
    }
    if (text.charCodeAt(text.length - 1) === 13) {
      held = '\r';
      text = text.slice(0, -1);
    }
    if (text) parser.chunk(text, parser.stringArrs, onRow);
  };
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (held && parser) {
      const text = held + value;
      held = '';
      feed(text);
    } else {
      feed(value);
    }
  }
  if (!parser) {
    // A file of one row with no line break: the header alone.
    const schema = inferSchema(held, { col: ',', row: '\n', encl: '"' });
    parser = initParser(schema);
    held = '';
  }
  if (held) parser.chunk(held, parser.stringArrs, onRow);
  parser.end();
  return { counts, heapWithRows: null };
}

window.udsvBench = {
  run: (args) => timeRun(parse, { mode: 'udsv', ...args }),
};
document.body.dataset.ready = '1';
