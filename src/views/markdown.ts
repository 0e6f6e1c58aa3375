// Descriptions -> MarkdownString. Cluster strings go through appendText (escaped); only our own
// catalog links are Markdown. Never trusted, no HTML, so no `command:` link can ever run.
import * as vscode from 'vscode';
import { Description } from '../model/explain/describe';

export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, m => `\\${m}`);
}

/** Cluster text for MarkdownString.appendText: entities for <, > and & as well, so no tag survives. */
export function safeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function descriptionMarkdown(d: Description, extra?: Description[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  for (const [i, part] of [d, ...(extra ?? [])].entries()) {
    if (i) md.appendMarkdown('\n\n---\n\n');
    md.appendMarkdown('**');
    md.appendText(safeText(part.title));
    md.appendMarkdown('**\n\n');
    md.appendText(safeText(part.lead));
    md.appendMarkdown('\n\n');
    for (const [k, v] of part.facts) {
      md.appendMarkdown('- *');
      md.appendText(safeText(k));
      md.appendMarkdown(':* ');
      md.appendText(safeText(v));
      md.appendMarkdown('\n');
    }
    for (const n of part.notes) {
      md.appendMarkdown('\n');
      md.appendText(safeText(n));
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
