// Hovers in YAML: Pods and pod templates, files on disk and Pod X-Ray's live manifests.
import * as vscode from 'vscode';
import { explainManifestAt } from '../model/explain/manifest';
import { appendPlain, escapeMarkdown, untrustedMarkdown } from './markdown';

const KINDS =
  /^\s*kind:\s*["']?(Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Job|CronJob|PodTemplate)\b|kind["']?\s*:\s*["']?(Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob)\b/m;

export class ManifestHoverProvider implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const text = doc.getText();
    if (text.length > 2_000_000 || !KINDS.test(text)) return undefined; // cheap gate: not a workload manifest
    const h = explainManifestAt(text, doc.offsetAt(pos));
    if (!h) return undefined;
    const md = untrustedMarkdown();
    h.explanations.forEach((x, i) => {
      if (i) md.appendMarkdown('\n\n---\n\n');
      md.appendMarkdown(`**${escapeMarkdown(x.title)}** — `);
      appendPlain(md, x.summary);
      md.appendMarkdown('\n\n');
      appendPlain(md, x.detail);
      if (i === 0 && h.valueNote) {
        md.appendMarkdown('\n\n*');
        appendPlain(md, h.valueNote);
        md.appendMarkdown('*');
      }
      md.appendMarkdown('\n\n**Sandbox:** ');
      appendPlain(md, x.sandbox);
      md.appendMarkdown(`\n\n[Kubernetes docs: ${escapeMarkdown(x.title)}](${x.docs})`);
    });
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(h.range[0]), doc.positionAt(h.range[1])));
  }
}
