// Broken and hostile files dropped on the page (issue #6): each gets the
// specific message of tests/data/bad/EXPECTED.md, saying what and where, and
// rows set aside are listed; the page keeps working afterwards.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { useBrowser, readFile as read, DATA } from './helpers.mjs';

const withPage = useBrowser(before, after);
const BAD = path.join(DATA, 'bad');

const file = (name) => fs.readFileSync(path.join(BAD, name));

const REFUSED = [
  ['empty.csv', file('empty.csv'), 'the file is empty; choose the CSV export of the survey responses'],
  ['image.png.csv', file('image.png.csv'), 'the file is not a CSV: it is a PNG image'],
];

const READ = [
  ['header-only.csv', { 'Rows read': '0' }, ['the file has a header (1 row(s), 3 columns) but no rows of answers']],
  ['unterminated-quote.csv', { 'Rows read': '2', 'Rows used': '1', 'Rows set aside': '1' }, [
    '1 row(s) set aside: a quote never closed (the rest of the file in one field) (rows 3)',
    'row 3: a quoted field opened on line 3 is never closed',
  ]],
  ['nul-bytes.csv', { 'Rows read': '5', 'Rows used': '3', 'Rows set aside': '2' }, [
    '2 row(s) set aside: undecodable (NUL bytes) (rows 3, 5)',
    'row 3, column 2 ("What is your role in your team?"): NUL bytes; the row was set aside',
  ]],
  ['mixed-line-endings.csv', { 'Rows read': '5', 'Rows used': '5', 'Rows set aside': '0' }, []],
  ['invalid-utf8-middle.csv', { Encoding: 'UTF-8', 'Rows read': '5', 'Rows used': '4' }, [
    'the file is UTF-8 but has bytes that are not valid UTF-8 (the first at byte offset 160)',
    'row 4, column 3 ("In which country do you work?"): bytes not valid in the file\'s encoding; the row was set aside',
  ]],
  ['utf16le-no-bom.csv', { Encoding: 'UTF-16LE (no BOM)', 'Rows used': '3' }, ['every other byte is 0 as in UTF-16LE text']],
];

test('every committed bad file gets its specific message in the page, and the page keeps working', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    for (const [name, buffer, message] of REFUSED) {
      const r = await read(page, name, buffer);
      assert.ok(r.error && r.error.includes(`${name}: ${message}`), `${name}: ${r.error}`);
    }
    for (const [name, facts, lines] of READ) {
      const r = await read(page, name, file(name));
      assert.equal(r.error, null, `${name} is read`);
      for (const [k, v] of Object.entries(facts)) assert.equal(r.facts[k], v, `${name}: ${k}`);
      assert.equal(Number(r.facts['Rows read']), Number(r.facts['Rows used']) + Number(r.facts['Rows set aside']), `${name}: read = used + set aside`);
      for (const line of lines) assert.ok(r.notices.some((n) => n.includes(line)), `${name}: “${line}” in ${JSON.stringify(r.notices)}`);
    }
    assert.deepEqual(pageErrors, []);
  });
});

test('a 10 MB field, a million columns and a gzip bomb get their messages in the page', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    const big = Buffer.from(`Comments,What is your role in your team?\r\n"${'x'.repeat(10 << 20)}",Data\r\nfine,Models\r\n`);
    let r = await read(page, 'long-field.csv', big);
    assert.equal(r.facts['Rows set aside'], '1');
    assert.ok(r.notices.some((n) => n.includes('row 2, column 1 ("Comments"): a field longer than 1 MiB')), JSON.stringify(r.notices));

    r = await read(page, 'wide.csv', Buffer.from(`${'q,'.repeat(1_000_000)}q\r\na\r\n`));
    assert.ok(r.error && r.error.includes('row 1 (the header) has more than 16384 columns'), r.error);

    // Text (zeros are refused as binary first) in rows of 1 KB (short rows
    // would pass the 100 million cell limit before 1 GiB).
    const row = `${Array.from({ length: 50 }, (_, i) => `answer number ${String(i).padStart(6, '0')}`).join(',')}\r\n`;
    const bomb = zlib.gzipSync(Buffer.alloc(1040 << 20, row), { level: 9 });
    r = await read(page, 'bomb.csv.gz', bomb);
    assert.ok(r.error && r.error.includes('unpacks to more than 1024 MiB; the limit is 1024 MiB'), r.error);

    // The page still reads a good file afterwards.
    await page.click('#load-sample');
    await page.waitForSelector('body[data-loaded="state-of-ml-2020-synthetic.csv"]');
    assert.deepEqual(pageErrors, []);
  });
});
