// Zip and gzip files dropped on the page: the worker reads a zip by slices,
// Rust (src/container.rs) picks the entry and checks what comes out, and the
// browser's DecompressionStream inflates. Each case says what went wrong.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { useBrowser, readFile as read } from './helpers.mjs';

const withPage = useBrowser(before, after);

const CSV = 'Timestamp,What is your role in your team?\r\n2024-01-01,Data\r\n2024-01-02,Models\r\n';

/**
 * A zip archive, written here from the format's records (APPNOTE 4.3) so
 * each field can be set: entries are {name, data, method (0 stored, 8
 * deflated, or any number), crc (defaults to the real one)}.
 */
function makeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const data = Buffer.from(e.data);
    const method = e.method ?? 8;
    const packed = method === 8 ? zlib.deflateRawSync(data) : data;
    const crc = e.crc ?? zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

test('zip archives, deflated or stored, are unpacked in the page: the largest CSV is read', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    const cases = [
      ['deflated.zip', makeZip([{ name: 'notes.txt', data: 'short' }, { name: '__MACOSX/._survey.csv', data: 'x'.repeat(5000) }, { name: 'data/survey.csv', data: CSV }])],
      ['stored.zip', makeZip([{ name: 'data/survey.csv', data: CSV, method: 0 }])],
      ['commented.zip', Buffer.concat([makeZip([{ name: 'data/survey.csv', data: CSV }]).subarray(0, -2), Buffer.from([9, 0]), Buffer.from('PK\x05\x06 made')])],
    ];
    for (const [name, buffer] of cases) {
      const r = await read(page, name, buffer);
      assert.equal(r.error, null, `${name}: ${r.error}`);
      assert.equal(r.facts['Unpacked from'], 'zip: data/survey.csv', name);
      assert.equal(r.facts['Rows read'], '2', name);
    }
    const gz = await read(page, 'survey.csv.gz', zlib.gzipSync(Buffer.from(CSV)));
    assert.equal(gz.error, null, gz.error);
    assert.equal(gz.facts['Rows read'], '2');
    assert.equal(gz.facts['Unpacked from'], 'gzip');
    assert.deepEqual(pageErrors, []);
  });
});

test('damaged, unusual and oversized archives each say what is wrong, and the page keeps working', async () => {
  await withPage({}, async ({ page, pageErrors }) => {
    const good = makeZip([{ name: 'survey.csv', data: CSV }]);
    const deflated = zlib.deflateRawSync(Buffer.from(CSV.repeat(200)));
    const garbled = Buffer.from(deflated);
    for (let i = 10; i < 40; i++) garbled[i] ^= 0x5a;
    const garbledZip = makeZip([{ name: 'survey.csv', data: CSV.repeat(200) }]);
    garbled.copy(garbledZip, 30 + 'survey.csv'.length);
    const joined = Buffer.concat([zlib.gzipSync(Buffer.from(CSV)), zlib.gzipSync(Buffer.from('2024-01-03,Data\r\n'))]);
    const row = `${Array.from({ length: 50 }, (_, i) => `answer number ${String(i).padStart(6, '0')}`).join(',')}\r\n`;
    const cases = [
      ['cut.zip', good.subarray(0, good.length - 10), 'the zip archive is damaged: its end is missing (was the file cut short?)'],
      ['crc.zip', makeZip([{ name: 'survey.csv', data: CSV, method: 0, crc: 12345 }]), 'the zip archive is damaged: survey.csv: its data does not match the checksum the archive records'],
      ['bzip2.zip', makeZip([{ name: 'survey.csv', data: CSV, method: 12 }]), 'the file inside the zip archive (survey.csv) uses a compression method this reader does not support (method 12: bzip2)'],
      ['pictures.zip', makeZip([{ name: 'a.png', data: 'x' }]), 'the zip archive holds no CSV file; it holds: a.png'],
      ['garbled.zip', garbledZip, 'the zip archive is damaged: survey.csv: '],
      ['joined.csv.gz', joined, 'the gzip file is damaged: junk found after end of compressed data (a gzip file of several joined parts'],
      ['bomb.zip', makeZip([{ name: 'bomb.csv', data: Buffer.alloc(1040 << 20, row) }]), 'the file inside the zip archive (bomb.csv) unpacks to more than 1024 MiB; the limit is 1024 MiB'],
      // The same messages as the command line's for the same bytes (tests/it/bad.rs).
      ['empty.zip', Buffer.concat([Buffer.from('PK\x05\x06'), Buffer.alloc(18)]), 'the zip archive holds no CSV file; it holds no files at all'],
      ['empty.csv.gz', zlib.gzipSync(Buffer.alloc(0)), 'the file is empty; choose the CSV export of the survey responses'],
      ['magic.csv.gz', Buffer.from([0x1f, 0x8b]), 'the gzip file is damaged: its compressed data ends too soon (was the file cut short?)'],
      ['cut.csv.gz', zlib.gzipSync(Buffer.from(CSV)).subarray(0, 30), 'the gzip file is damaged: its compressed data ends too soon (was the file cut short?)'],
    ];
    for (const [name, buffer, message] of cases) {
      const r = await read(page, name, buffer);
      assert.ok(r.error && r.error.includes(`${name}: ${message}`), `${name}: ${r.error}`);
    }
    await page.click('#load-sample');
    await page.waitForSelector('body[data-loaded="state-of-ml-2020-synthetic.csv"]');
    assert.deepEqual(pageErrors, []);
  });
});
