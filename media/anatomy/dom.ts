// DOM helpers for the anatomy page. Text only ever goes in through textContent; the only markup
// is elements built here from fixed tag names.
export const SVG_NS = 'http://www.w3.org/2000/svg';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export function button(text: string, label: string, onClick: () => void, cls = 'btn'): HTMLButtonElement {
  const b = el('button', cls, text);
  b.type = 'button';
  b.setAttribute('aria-label', label);
  b.title = label;
  b.addEventListener('click', onClick);
  return b;
}

/** Writes only when the text changes, so unchanged nodes are not touched (no re-announce, no relayout). */
export function setText(e: Element, t: string): void {
  if (e.textContent !== t) e.textContent = t;
}

// Icons are drawn (fonts may lack media-control glyphs); paths are fixed strings, never data.
const ICON_PATHS = {
  prev: 'M4 3h2v10H4zM13 3v10L7 8z',
  play: 'M5 3v10l8-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  next: 'M10 3h2v10h-2zM3 3v10l6-5z',
};
export function setIcon(b: HTMLButtonElement, name: keyof typeof ICON_PATHS): void {
  const svg = svgEl('svg', { viewBox: '0 0 16 16', width: 14, height: 14, 'aria-hidden': 'true' });
  svg.append(svgEl('path', { d: ICON_PATHS[name], fill: 'currentColor' }));
  b.replaceChildren(svg);
}

export const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;
export const sleep = (ms: number) => new Promise(r => setTimeout(r, reducedMotion() ? 0 : ms));

/** Restarts a one-shot CSS animation class (none under reduced motion). */
export function flash(e: Element, cls: string): void {
  if (reducedMotion()) return;
  e.classList.remove(cls);
  // Restart the animation on the next frame instead of forcing a synchronous layout.
  requestAnimationFrame(() => {
    e.classList.add(cls);
    setTimeout(() => e.classList.remove(cls), 1600);
  });
}
