// Descriptions -> MarkdownString. Cluster strings go through appendPlain (escaped, no tags); only our own
// catalog links are Markdown. Never trusted, no HTML, so no `command:` link can ever run.
import * as vscode from 'vscode';
import { Description } from '../model/explain/describe';
import { markdownText } from './markdownText';

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

export function descriptionMarkdown(d: Description, extra?: Description[]): vscode.MarkdownString {
  const md = untrustedMarkdown();
  for (const [i, part] of [d, ...(extra ?? [])].entries()) {
    if (i) md.appendMarkdown('\n\n---\n\n');
    md.appendMarkdown('**');
    appendPlain(md, part.title);
    md.appendMarkdown('**\n\n');
    appendPlain(md, part.lead);
    md.appendMarkdown('\n\n');
    for (const [k, v] of part.facts) {
      md.appendMarkdown('- *');
      appendPlain(md, k);
      md.appendMarkdown(':* ');
      appendPlain(md, v);
      md.appendMarkdown('\n');
    }
    for (const n of part.notes) {
      md.appendMarkdown('\n');
      appendPlain(md, n);
      md.appendMarkdown('\n');
    }
    const seen = new Set<string>();
    const links = part.docs.filter(x => !seen.has(x.url) && seen.add(x.url));
    if (links.length) {
      md.appendMarkdown('\n');
      md.appendMarkdown(links.map(l => `[${escapeMarkdown(l.title)}](${l.url})`).join(' · '));
    }
  }
  return md;
}
