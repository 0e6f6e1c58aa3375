// The tail of a kept log shown beside an instance in the anatomy (issues 19, 20): the last lines,
// bounded in lines and characters so a 256 KB log never floods the page; the editor shows it all.
export const TAIL_LINES = 200;
export const TAIL_CHARS = 32 * 1024;

export interface LogTail {
  text: string;
  /** Lines in `text`, and in the whole kept log. */
  shown: number;
  total: number;
}

export function logTail(text: string, maxLines = TAIL_LINES, maxChars = TAIL_CHARS): LogTail {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const all = body === '' ? [] : body.split('\n');
  const out: string[] = [];
  let chars = 0;
  for (let i = all.length - 1; i >= 0 && out.length < maxLines; i--) {
    chars += all[i].length + 1;
    // A single line longer than the budget is cut from its start: its end is the newest text.
    if (chars > maxChars) {
      if (!out.length) out.push(all[i].slice(all[i].length - maxChars));
      break;
    }
    out.push(all[i]);
  }
  return { text: out.reverse().join('\n'), shown: out.length, total: all.length };
}
