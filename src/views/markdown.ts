// Descriptions -> MarkdownString. Cluster strings go through appendPlain (escaped: no tag, no link); only our
// own catalog links are Markdown. No HTML; trusted for at most our one SHOW_FULL_TEXT command, never more.
import * as vscode from 'vscode';
import { Description } from '../model/explain/describe';
import { cutForLayout, markdownText } from './markdownText';

/** Our one command a tooltip may run: it opens the whole text of a cut tooltip (views/tree/provider.ts). */
export const SHOW_FULL_TEXT = 'podXray.showFullText';

/** Our own short strings (catalog titles) inside Markdown we write. */
export const escapeMarkdown = markdownText;

/** A MarkdownString that runs nothing: not trusted (no command: links), no HTML, no theme icons. */
export function untrustedMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

/** Append text as text: no markup, no tag, no autolinked URL, spaces kept breakable (see markdownText). */
export function appendPlain(md: vscode.MarkdownString, s: string): void {
  md.appendMarkdown(markdownText(s));
}

/**
 * A tooltip from descriptions. Long texts are cut for layout; then, given `fullText` (arguments for
 * SHOW_FULL_TEXT), it ends with a link to the whole text, and trusts that one command and no other.
 */
export function descriptionMarkdown(
  d: Description,
  extra?: Description[],
  fullText?: unknown[],
): vscode.MarkdownString {
  const md = untrustedMarkdown();
  let cut = false;
  const plain = (s: string) => {
    const c = cutForLayout(s);
    cut ||= c.cut;
    appendPlain(md, c.text);
  };
  for (const [i, part] of [d, ...(extra ?? [])].entries()) {
    if (i) md.appendMarkdown('\n\n---\n\n');
    md.appendMarkdown('**');
    plain(part.title);
    md.appendMarkdown('**\n\n');
    plain(part.lead);
    md.appendMarkdown('\n\n');
    for (const [k, v] of part.facts) {
      md.appendMarkdown('- *');
      plain(k);
      md.appendMarkdown(':* ');
      plain(v);
      md.appendMarkdown('\n');
    }
    for (const n of part.notes) {
      md.appendMarkdown('\n');
      plain(n);
      md.appendMarkdown('\n');
    }
    const seen = new Set<string>();
    const links = part.docs.filter(x => !seen.has(x.url) && seen.add(x.url));
    if (links.length) {
      md.appendMarkdown('\n');
      md.appendMarkdown(links.map(l => `[${escapeMarkdown(l.title)}](${l.url})`).join(' · '));
    }
  }
  if (cut && fullText) {
    const args = encodeURIComponent(JSON.stringify(fullText));
    md.appendMarkdown(
      `\n\n---\n\n[${escapeMarkdown(vscode.l10n.t('Cut to fit: show the whole text'))}](command:${SHOW_FULL_TEXT}?${args})`,
    );
    md.isTrusted = { enabledCommands: [SHOW_FULL_TEXT] };
  }
  return md;
}
