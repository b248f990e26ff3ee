// Words around the numbers Rust sends: file sizes, plurals, shortened
// labels and the list of refused parts in a status line. No number shown
// in a report is computed here.

/** "812 B", "166.3 KB", "2.1 MB". */
export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A whole count with its thousands grouped, as "20,036": written out rather
 * than through Intl.NumberFormat, whose first use loads the locale data
 * (about 11 ms of a cold open, before the first figure is drawn).
 */
export function groupDigits(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 other question", "3 other questions". */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** `text` cut to `n` characters, an ellipsis last. */
export function shorten(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** ", except: a, b" for a status line; at most ten parts named. */
export function exceptList(refused) {
  if (!refused.length) return '';
  const named = refused.slice(0, 10).join(', ');
  return `, except: ${named}${refused.length > 10 ? `, and ${refused.length - 10} more` : ''}`;
}

/** An error's message, or the thrown value as text. */
export function messageOf(e) {
  return e && e.message ? e.message : e;
}
