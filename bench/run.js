// What the JavaScript baseline pages share: fetching the input, the time
// limit, the long-task watch, and one timed run of a parse + count.

export async function fetchFile(url, name) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`GET ${url}: HTTP ${resp.status}`);
  const blob = await resp.blob();
  return new File([blob], name, { type: 'text/csv' });
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Records long tasks (> 50 ms) on this page's main thread until stop(). */
export function watchLongTasks() {
  const seen = { max: 0, count: 0, total: 0 };
  const take = (entries) => {
    for (const e of entries) {
      seen.max = Math.max(seen.max, e.duration);
      seen.count += 1;
      seen.total += e.duration;
    }
  };
  const observer = new PerformanceObserver((list) => take(list.getEntries()));
  observer.observe({ type: 'longtask' });
  return {
    async stop() {
      // Entries arrive after their task ends: give the last one time to land.
      await new Promise((r) => setTimeout(r, 150));
      take(observer.takeRecords());
      observer.disconnect();
      return seen;
    },
  };
}

/**
 * Fetches `url` as a File (untimed), optionally warms up on `warmupUrl`
 * with the same `parse` (untimed), then times one `parse(file)`, which
 * resolves with `{ counts, ... }` (a Counts of bench/counts.js). The
 * summary and digest of the counts are computed after the clock stops.
 */
export async function timeRun(parse, { url, name, mode, warmupUrl, timeoutMs }) {
  if (warmupUrl) {
    const warm = await fetchFile(warmupUrl, `warmup-${name}`);
    await withTimeout(parse(warm), timeoutMs, `${mode} warm-up`);
  }
  const file = await fetchFile(url, name);
  const tasks = watchLongTasks();
  const t0 = performance.now();
  const { counts, ...result } = await withTimeout(parse(file), timeoutMs, `${mode} ${name}`);
  const ms = performance.now() - t0;
  const longTasks = await tasks.stop();
  const heapAfter = performance.memory ? performance.memory.usedJSHeapSize : null;
  return { ms, bytes: file.size, ...counts.summary(), ...result, heapAfter, longTaskMax: longTasks.max, longTaskCount: longTasks.count };
}
