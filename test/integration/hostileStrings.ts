// 1,000 hostile strings, deterministic: markup and script, event-handler attributes,
// javascript: and command: links, Markdown link/image injection, bidi overrides, NUL and control
// characters, 10,000-character strings, emoji. Any payload that executes sets window.__pxr.
const FAMILIES: ((i: number) => string)[] = [
  i => `<script>window.__pxr=${i}</script>`,
  i => `<img src=x onerror="window.__pxr=${i};parent.__pxr=${i}">`,
  i => `<svg/onload=window.__pxr=${i}>`,
  i => `"><iframe src="javascript:parent.__pxr=${i}"></iframe>`,
  i => `' onmouseover='window.__pxr=${i}' x='`,
  i => `<a href="javascript:window.__pxr=${i}">click</a>`,
  i => `[run me](command:workbench.action.quit) #${i}`,
  i =>
    `[delete](command:podXray.deletePod?${encodeURIComponent(JSON.stringify({ name: 'crashy', confirmed: true }))}) ${i}`,
  i => `![pixel](http://127.0.0.1:9/track-${i}.png)`,
  i => `<command:podXray.crashContainer> ${i}`,
  i => `**bold** _it_ \`code\` # heading ${i}\n> quote\n---\n| a | b |`,
  i => `\u202Egnp.exe${i}\u202C and \u2066isolate\u2069 \u200F`,
  i => `NUL\u0000byte ${i} bell\u0007 esc\u001b[31mred\u001b[0m del\u007f`,
  i => `${'A'.repeat(9_990)}${String(i).padStart(10, '0')}`,
  i => `🚀💥👩‍👩‍👧‍👦 ${i} 🇺🇳 \u{1F9EA}`,
  i => `\${7*7} {{7*7}} %s%n%x ${i} <%= 7*7 %>`,
  i => `<style>body{display:none}</style><link rel=stylesheet href=http://127.0.0.1:9/${i}.css>`,
  i => `</div></main><form action=http://127.0.0.1:9/${i}><input name=x></form>`,
  i => `data:text/html;base64,${Buffer.from(`<script>parent.__pxr=${i}</script>`).toString('base64')}`,
  i => `<meta http-equiv="refresh" content="0;url=javascript:parent.__pxr=${i}">`,
  // Bare URLs that a Markdown autolinker would turn into live links (a click would fetch them).
  i => `GET http://127.0.0.1:1/x failed (${i}): see https://127.0.0.1:1/y www.example.com/${i} ops-${i}@example.com`,
];

/** What GFM (VS Code's renderer) autolinks in Markdown source: scheme://, www. and e-mail addresses. */
export const AUTOLINKABLE = /(?:https?|ftp):\/\/|www\.|[A-Za-z0-9._+-]+@[a-zA-Z0-9-_]+(?:\.[a-zA-Z0-9-_]*[a-zA-Z0-9])+/;

/** Our only links: catalog docs and the one command that shows a cut tooltip's whole text. */
export const OUR_LINK = /^(https:\/\/kubernetes\.io\/docs\/|command:podXray\.showFullText\?)/;

/** Markdown source without our own link targets: what is left must not autolink. */
export function withoutOurLinks(md: string): string {
  return md.replace(/\]\((https:\/\/kubernetes\.io\/docs\/[^)]*|command:podXray\.showFullText\?[^)]*)\)/g, ']()');
}

/** Trust a tooltip may have: none, or exactly our show-full-text command. */
export function trustIsOurs(t: boolean | { readonly enabledCommands: readonly string[] } | undefined): boolean {
  return !t || (t !== true && t.enabledCommands.length === 1 && t.enabledCommands[0] === 'podXray.showFullText');
}

export function hostileStrings(n = 1000): string[] {
  return Array.from({ length: n }, (_, i) => FAMILIES[i % FAMILIES.length](i));
}

/** Characters that must never reach a tree label or description. */
// eslint-disable-next-line no-control-regex
export const FORBIDDEN_IN_LABELS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
