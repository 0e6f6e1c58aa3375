// Small pure formatters shared by every surface (tree, webview, hovers).

/** `containerd://9f1c2a…` -> `9f1c2a4b5c6d` (12 chars, like docker/crictl). */
export function shortId(containerId: string | undefined): string | undefined {
  if (!containerId) return undefined;
  const id = containerId.replace(/^[a-z0-9-]+:\/\//i, '');
  return id.slice(0, 12);
}

/** The runtime named in a container ID (`containerd://…` -> containerd). */
export function runtimeOf(containerId: string | undefined): string | undefined {
  const m = /^([a-z0-9-]+):\/\//i.exec(containerId ?? '');
  return m?.[1];
}

export function parseTime(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

/** 4s, 3m, 2h5m, 3d: the compact age kubectl users know. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  return `${Math.floor(h / 24)}d${h % 24 ? `${h % 24}h` : ''}`;
}

/** The same for a count of seconds (back-off lengths): 40s, 1m20s, 5m. */
export function seconds(s: number): string {
  return duration(s * 1000);
}

export function since(t: string | undefined, now: number): string | undefined {
  const ms = parseTime(t);
  return ms === undefined ? undefined : duration(now - ms);
}

/** HH:MM:SS in UTC; the tree and timeline show times, the tooltip shows the full ISO date. */
export function clock(t: string | undefined): string {
  const ms = parseTime(t);
  if (ms === undefined) return '?';
  return new Date(ms).toISOString().slice(11, 19);
}

/** Cluster strings can be huge or hold control characters: make them safe for one line. */
export function oneLine(s: string | undefined, max = 200): string {
  if (!s) return '';
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * Long cluster text kept whole (termination messages, events): control and bidi characters removed,
 * line breaks kept. Surfaces cut it for layout and offer the rest (see views/markdown.ts).
 */
export function fullText(s: string | undefined): string {
  if (!s) return '';
  return (
    s
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
      .trim()
  );
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function bytes(n: number | undefined): string | undefined {
  if (n === undefined || !Number.isFinite(n)) return undefined;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Names in the order people read them: digit runs compare as numbers, so web-2 comes before
 * web-10 (StatefulSets, ReplicaSet hashes aside). Fast on plain ASCII names: it runs on every
 * pod of a namespace each time the list changes.
 */
export function byName(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n) {
    const x = a.charCodeAt(i),
      y = b.charCodeAt(i);
    const dx = x >= 48 && x <= 57,
      dy = y >= 48 && y <= 57;
    if (dx && dy) {
      // Compare the two digit runs by value: skip leading zeros, then longer is larger.
      let ia = i,
        ib = i;
      while (ia < a.length && a.charCodeAt(ia) === 48) ia++;
      while (ib < b.length && b.charCodeAt(ib) === 48) ib++;
      let ea = ia,
        eb = ib;
      while (ea < a.length && isDigit(a.charCodeAt(ea))) ea++;
      while (eb < b.length && isDigit(b.charCodeAt(eb))) eb++;
      if (ea - ia !== eb - ib) return ea - ia - (eb - ib);
      for (let k = 0; k < ea - ia; k++) {
        const d = a.charCodeAt(ia + k) - b.charCodeAt(ib + k);
        if (d) return d;
      }
      if (ea !== eb) return ea - eb; // same value, fewer leading zeros first
      i = ea;
      continue;
    }
    if (x !== y) return x - y;
    i++;
  }
  return a.length - b.length;
}
const isDigit = (c: number) => c >= 48 && c <= 57;
