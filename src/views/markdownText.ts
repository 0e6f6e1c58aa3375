// Plain text -> Markdown source that renders as exactly that text. No vscode import, so it is unit-tested.
// VS Code's MarkdownString.appendText is not enough: it turns every space into &nbsp; (tooltips then break
// words anywhere) and leaves bare URLs, which the renderer's GFM autolinker turns into live links.

// Every ASCII punctuation character may be backslash-escaped in CommonMark. Escaping all of them defeats
// emphasis, links, headings and lists, and also autolinks: `http\:`, `www\.` and `a\@b` match no URL pattern.
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** One line of text as Markdown: punctuation escaped, &, < and > as entities, ordinary spaces kept. */
function markdownLine(line: string): string {
  return line
    .replace(/[\t\f\v ]+/g, ' ') // a run of blanks renders as one space anyway; tabs would make code blocks
    .trim()
    .replace(PUNCTUATION, c => ENTITIES[c] ?? `\\${c}`);
}

/** Text that may hold newlines: each line kept, joined by hard line breaks, never a new block. */
export function markdownText(s: string): string {
  return s
    .split(/\r\n|\r|\n/)
    .map(markdownLine)
    .filter(Boolean)
    .join('\\\n');
}

/** Tooltips are for a glance: long text is cut for layout (whole lines first); the caller offers the rest. */
export function cutForLayout(s: string, maxChars = 400, maxLines = 6): { text: string; cut: boolean } {
  const lines = s.split('\n');
  let text = lines.slice(0, maxLines).join('\n');
  let cut = lines.length > maxLines;
  if (text.length > maxChars) {
    text = text.slice(0, maxChars - 1);
    cut = true;
  }
  return { text: cut ? `${text.trimEnd()}…` : text, cut };
}
