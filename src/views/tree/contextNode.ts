// A kubeconfig context: its connection state; children are its namespaces (connecting on expand).
import * as vscode from 'vscode';
import type { Description } from '../../model/explain/describe';
import { oneLine } from '../../model/format';
import { SEP, TreeHost, TreeNode } from './node';

export class ContextNode extends TreeNode {
  readonly type = 'context' as const;
  constructor(readonly context: string) {
    super(`c${SEP}${context}`);
  }

  treeItem(host: TreeHost): vscode.TreeItem {
    const s = host.registry.existingSession(this.context);
    const phase = s?.state.phase;
    const current = this.context === host.registry.currentContext;
    const C = vscode.TreeItemCollapsibleState;
    const item = this.item(this.context, current ? C.Expanded : C.Collapsed);
    if (host.registry.isRecorded(this.context)) {
      // The demo: a replay, never "live".
      item.description = [current ? vscode.l10n.t('current') : '', vscode.l10n.t('recorded replay, not live')]
        .filter(Boolean)
        .join(' · ');
      item.iconPath = new vscode.ThemeIcon('play-circle', new vscode.ThemeColor('charts.purple'));
      item.contextValue = 'context.recorded';
      return item;
    }
    const state = s ? phase! : vscode.l10n.t('not connected');
    const all = s?.scope.kind === 'cluster' ? vscode.l10n.t('all namespaces') : '';
    item.description = [current ? vscode.l10n.t('current') : '', state, all].filter(Boolean).join(' · ');
    const offline = s && phase !== 'live' && phase !== 'connecting' && phase !== 'reconnecting';
    item.iconPath = new vscode.ThemeIcon(
      offline ? 'cloud-offline' : 'cloud',
      new vscode.ThemeColor(
        phase === 'live'
          ? 'testing.iconPassed'
          : phase === 'connecting' || !s
            ? 'descriptionForeground'
            : 'list.errorForeground',
      ),
    );
    item.contextValue = 'context';
    return item;
  }

  override children(host: TreeHost): TreeNode[] {
    const s = host.registry.session(this.context);
    if (!s) return [];
    host.subscribe(s);
    s.start();
    const { phase, cause } = s.state;
    if (phase === 'error' || phase === 'unreachable' || phase === 'forbidden') {
      const text =
        phase === 'error'
          ? vscode.l10n.t('Cannot connect')
          : phase === 'forbidden'
            ? vscode.l10n.t('Access denied')
            : vscode.l10n.t('Cluster unreachable');
      const rows = [host.message(this, 'error', text, cause)]; // an error row retries when clicked
      // Another context may answer: say where to switch, when there is one.
      if (host.registry.contexts.length > 1)
        rows.push(
          host.message(this, 'info', vscode.l10n.t('Select another context'), undefined, {
            command: 'podXray.selectContext',
            title: vscode.l10n.t('Select Context'),
          }),
        );
      return rows;
    }
    if (!s.namespaces) {
      const reconnecting = phase === 'reconnecting';
      return [
        host.message(
          this,
          reconnecting ? 'error' : 'loading',
          reconnecting ? vscode.l10n.t('Reconnecting…') : vscode.l10n.t('Connecting…'),
          cause,
        ),
      ];
    }
    const out = s.namespaces.map(ns => host.namespaceNode(this.context, ns));
    if (s.namespacesRestricted)
      out.push(host.message(this, 'info', vscode.l10n.t('Other namespaces hidden'), s.namespacesRestricted));
    const scope = s.scope;
    if (scope.kind === 'namespace' && scope.why)
      out.push(
        host.message(this, 'info', vscode.l10n.t('All Namespaces: watching each namespace on its own'), scope.why),
      );
    return out;
  }

  override describe(host: TreeHost): Description[] | undefined {
    const info = host.registry.contexts.find(c => c.name === this.context);
    const s = host.registry.existingSession(this.context);
    if (!info) return undefined;
    if (info.recorded)
      return [
        {
          title: info.name,
          lead: vscode.l10n.t(
            'Recorded, not live: the built-in demo replays pods {0}, with times shifted to now.',
            info.recorded,
          ),
          facts: [[vscode.l10n.t('Source'), info.recorded]],
          notes: [
            vscode.l10n.t(
              'It loops: each round the pods are deleted and created again under new UIDs; container IDs and IPs are the recorded ones.',
            ),
            vscode.l10n.t(
              'Logs, Crash Container, Delete Pod and Show Sandbox Processes need a real cluster and are off here.',
            ),
          ],
          docs: [],
        },
      ];
    const facts: [string, string][] = [
      [vscode.l10n.t('Kubeconfig'), info.file],
      [vscode.l10n.t('Server'), info.server ?? '?'],
    ];
    if (info.namespace) facts.push([vscode.l10n.t('Namespace'), info.namespace]);
    if (s?.state.cause) facts.push([vscode.l10n.t('Problem'), oneLine(s.state.cause, 500)]);
    if (s?.namespacesRestricted) facts.push([vscode.l10n.t('Note'), s.namespacesRestricted]);
    if (s?.scope.kind === 'cluster')
      facts.push([vscode.l10n.t('Pods'), vscode.l10n.t('all namespaces, one cluster-wide watch')]);
    const lead = s
      ? vscode.l10n.t('Connection: {0}.', s.state.phase)
      : vscode.l10n.t('Not connected yet: expand to connect.');
    return [{ title: info.name, lead, facts, notes: [], docs: [] }];
  }
}
