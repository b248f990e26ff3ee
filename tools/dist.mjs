#!/usr/bin/env node
// `./build.sh dist`: the page as one folder for any static host. Starting
// from www/index.html and www/embed.html, follows every reference (HTML
// src/href, CSS url(), JavaScript imports, `new URL(…, import.meta.url)`,
// relative './' and '../' string literals such as the sample's URL), and
// writes each file reached into dist/ as a regular file (www/pkg is a
// symlink) with a content hash in its name, every reference to it
// rewritten. The two pages keep their names, their CSP meta untouched.
// `_headers` (Netlify / Cloudflare Pages) lets the hashed files be cached
// for a year and has the pages revalidated.
//
//   node tools/dist.mjs [--out dist]

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WWW = path.join(ROOT, 'www');
const ENTRIES = ['index.html', 'embed.html'];
const HASH_CHARS = 10;

const outArg = process.argv.indexOf('--out');
const OUT = path.resolve(ROOT, outArg > 0 ? process.argv[outArg + 1] : 'dist');

/** References in a file: `{ start, end, spec }` spans of the text that name another file. */
function references(rel, text) {
  const found = [];
  const add = (m, group) => {
    const [start, end] = m.indices[group];
    found.push({ start, end, spec: m[group] });
  };
  const ext = path.extname(rel);
  if (ext === '.html') {
    for (const m of text.matchAll(/\b(?:src|href)="([^"#?:]+)"/dg)) add(m, 1);
  } else if (ext === '.css') {
    for (const m of text.matchAll(/url\(\s*['"]?([^'")#?:]+)['"]?\s*\)/dg)) add(m, 1);
  } else if (ext === '.js' || ext === '.mjs') {
    // A relative specifier anywhere ('./x.js', "../pkg/y.js"), and the bare
    // name wasm-bindgen gives its wasm: new URL('name_bg.wasm', import.meta.url).
    for (const m of text.matchAll(/(['"])(\.{1,2}\/[^'"\s]*)\1/dg)) add(m, 2);
    for (const m of text.matchAll(/new URL\(\s*(['"])([\w.-]+)\1\s*,\s*import\.meta\.url\s*\)/dg)) add(m, 2);
  }
  // Only those naming a file that exists (a link to './', the folder, is
  // not one). A module's specifier is relative to the module; a URL it
  // hands to fetch() is relative to the page (both pages are in www/), so a
  // literal that names no file next to the module is tried from there.
  const isFile = (t) => !t.startsWith('..') && fs.existsSync(path.join(WWW, t)) && fs.statSync(path.join(WWW, t)).isFile();
  const out = [];
  for (const r of found) {
    for (const dir of [path.posix.dirname(rel), '.']) {
      const target = path.posix.normalize(path.posix.join(dir, r.spec));
      if (isFile(target)) {
        out.push({ ...r, dir, target });
        break;
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Every file reached from the entries, with its text (or bytes) and references. */
function crawl() {
  const files = new Map();
  const todo = [...ENTRIES];
  while (todo.length) {
    const rel = todo.pop();
    if (files.has(rel)) continue;
    const bytes = fs.readFileSync(path.join(WWW, rel)); // follows www/pkg -> ../pkg
    const textual = /\.(html|css|m?js)$/.test(rel);
    const text = textual ? bytes.toString('utf8') : null;
    const refs = textual ? references(rel, text) : [];
    files.set(rel, { rel, bytes, text, refs });
    for (const r of refs) todo.push(r.target);
  }
  return files;
}

/** Strongly connected components of the reference graph, dependencies first (Tarjan). */
function components(files) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const out = [];
  const visit = (v) => {
    info.set(v, { index, low: index, on: true });
    index += 1;
    stack.push(v);
    for (const { target } of files.get(v).refs) {
      if (!info.has(target)) {
        visit(target);
        info.get(v).low = Math.min(info.get(v).low, info.get(target).low);
      } else if (info.get(target).on) {
        info.get(v).low = Math.min(info.get(v).low, info.get(target).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).on = false;
        scc.push(w);
      } while (w !== v);
      out.push(scc.sort());
    }
  };
  for (const v of [...files.keys()].sort()) if (!info.has(v)) visit(v);
  return out;
}

const hashOf = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, HASH_CHARS);
};

function hashedName(rel, hash) {
  const dir = path.posix.dirname(rel);
  const base = path.posix.basename(rel);
  const dot = base.indexOf('.');
  const name = dot < 0 ? `${base}.${hash}` : `${base.slice(0, dot)}.${hash}${base.slice(dot)}`;
  return dir === '.' ? name : `${dir}/${name}`;
}

/** `file`'s text with each reference naming its target's new name (`names`; a name not yet known stays a placeholder). */
function rewrite(file, names) {
  let out = '';
  let at = 0;
  for (const r of file.refs) {
    const to = names.get(r.target) ?? `\u0000${r.target}\u0000`;
    const cut = r.spec.lastIndexOf('/') + 1;
    out += file.text.slice(at, r.start) + r.spec.slice(0, cut) + path.posix.basename(to);
    at = r.end;
  }
  return out + file.text.slice(at);
}

function main() {
  const files = crawl();
  const names = new Map(); // rel -> rel in dist/
  for (const scc of components(files)) {
    // Files that reference each other (an import cycle) share one hash over
    // all their contents, each reference outside the cycle already hashed.
    const contents = scc.map((rel) => {
      const f = files.get(rel);
      return f.text === null ? f.bytes : Buffer.from(rewrite(f, names));
    });
    const shared = hashOf(...scc.flatMap((rel, i) => [rel, '\u0000', contents[i]]));
    for (const rel of scc) names.set(rel, ENTRIES.includes(rel) ? rel : hashedName(rel, scc.length === 1 ? hashOf(contents[0]) : hashOf(shared, rel)));
  }

  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const written = [];
  for (const [rel, f] of files) {
    const to = path.join(OUT, names.get(rel));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, f.text === null ? f.bytes : rewrite(f, names));
    written.push(names.get(rel));
  }
  const hashed = written.filter((rel) => !ENTRIES.includes(rel)).sort();
  const year = 'Cache-Control: public, max-age=31536000, immutable';
  const headers = [
    '# Netlify / Cloudflare Pages: written by ./build.sh dist.',
    '# Content-hashed files never change under their name: cached for a year.',
    ...hashed.flatMap((rel) => [`/${rel}`, `  ${year}`]),
    '# The pages name the hashed files: always revalidated.',
    ...['/', ...ENTRIES.map((e) => `/${e}`)].flatMap((p) => [p, '  Cache-Control: no-cache']),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(OUT, '_headers'), headers);
  check(files, names);
  const total = written.reduce((a, rel) => a + fs.statSync(path.join(OUT, rel)).size, 0);
  console.error(`dist: ${written.length} files (${total} bytes) and _headers in ${path.relative(ROOT, OUT) || OUT}`);
}

/** No symlink, every reference resolves inside dist/, the pages' CSP as written. */
function check(files, names) {
  for (const entry of fs.readdirSync(OUT, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) throw new Error(`dist: ${entry.name} is a symlink`);
  }
  for (const [rel, f] of files) {
    if (f.text === null) continue;
    const outRel = names.get(rel);
    const text = fs.readFileSync(path.join(OUT, outRel), 'utf8');
    if (text.includes('\u0000')) throw new Error(`dist: ${outRel} kept a placeholder`);
    for (const r of f.refs) {
      const spec = r.spec.slice(0, r.spec.lastIndexOf('/') + 1) + path.posix.basename(names.get(r.target));
      const dir = r.dir === '.' ? '.' : path.posix.dirname(outRel);
      const target = path.posix.normalize(path.posix.join(dir, spec));
      if (!text.includes(spec) || !fs.existsSync(path.join(OUT, target))) throw new Error(`dist: ${outRel}: ${r.spec} not rewritten to an existing ${spec}`);
    }
  }
  const csp = (t) => (/<meta http-equiv="Content-Security-Policy" content="[^"]*">/.exec(t) || [null])[0];
  for (const e of ENTRIES) {
    const before = csp(fs.readFileSync(path.join(WWW, e), 'utf8'));
    if (!before || before !== csp(fs.readFileSync(path.join(OUT, e), 'utf8'))) throw new Error(`dist: ${e} lost its Content-Security-Policy meta`);
  }
}

main();
