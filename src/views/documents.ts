// Read-only documents under the podxray: scheme: logs, events, manifests, process tables.
// Content lives here and updates in place (live logs, live manifests).
import * as vscode from 'vscode';

export const SCHEME = 'podxray';

export class PodDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly cleanups = new Map<string, () => void>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private readonly closeSub: vscode.Disposable;
  static readonly MAX = 2_000_000;

  constructor() {
    // A closed document stops its stream or subscription.
    this.closeSub = vscode.workspace.onDidCloseTextDocument(d => {
      if (d.uri.scheme !== SCHEME) return;
      const k = d.uri.toString();
      this.cleanups.get(k)?.();
      this.cleanups.delete(k);
      this.texts.delete(k);
    });
  }

  /**
   * `parts` make the document unique; `title` is the last path segment, which the editor shows as
   * the tab's name: `crashy · app.log`, `crashy · events.log`, never a bare `app.log`.
   */
  static uri(kind: string, parts: string[], ext: string, title: string): vscode.Uri {
    const seg = (p: string) => encodeURIComponent(p).replace(/%2F/gi, '%252F');
    // The title stays readable (the tab shows it as is); Kubernetes names hold no slash.
    const path = `/${kind}/${parts.map(seg).join('/')}/${title.replace(/[/\\]/g, '_')}.${ext}`;
    return vscode.Uri.from({ scheme: SCHEME, path });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This document is no longer live. Run the command again to reopen it.';
  }

  text(uri: vscode.Uri): string | undefined {
    return this.texts.get(uri.toString());
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text.length > PodDocuments.MAX ? text.slice(text.length - PodDocuments.MAX) : text);
    this.changed(uri);
  }

  append(uri: vscode.Uri, more: string): void {
    this.set(uri, (this.texts.get(uri.toString()) ?? '') + more);
  }

  /** Run cleanup when the document closes (or is reopened). */
  own(uri: vscode.Uri, cleanup: () => void): void {
    const k = uri.toString();
    this.cleanups.get(k)?.();
    this.cleanups.set(k, cleanup);
  }

  private changed(uri: vscode.Uri): void {
    this.pending.add(uri.toString());
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const k of this.pending) this.emitter.fire(vscode.Uri.parse(k));
      this.pending.clear();
    }, 100);
  }

  async open(uri: vscode.Uri, language: string, preview = false): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== language) await vscode.languages.setTextDocumentLanguage(doc, language);
    return vscode.window.showTextDocument(doc, { preview, preserveFocus: false });
  }

  dispose(): void {
    for (const c of this.cleanups.values()) c();
    this.cleanups.clear();
    this.closeSub.dispose();
    this.emitter.dispose();
  }
}
