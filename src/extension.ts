// Wiring only: settings -> registry (cluster) -> views and commands. Each feature registers
// its own commands.
import * as vscode from 'vscode';
import { ClusterRegistry } from './cluster/registry';
import { ClusterSession } from './cluster/session';
import { PodHistory } from './model/history';
import { registerActionCommands } from './commands/actionCommands';
import { registerTreeCommands } from './commands/treeCommands';
import { PodDocuments, SCHEME } from './views/documents';
import { ManifestHoverProvider } from './views/manifestHover';
import { AnatomyPanels } from './webview/anatomyPanel';
import { PodTreeProvider } from './views/podTree';
import { StatusBar } from './views/statusBar';
import { ignoredMessage, ignoredWorkspaceSettings, kubeconfigGuard, userKubeconfigSetting } from './kubeconfigSetting';

export interface PodXrayApi {
  registry: ClusterRegistry;
  tree: PodTreeProvider;
  view: vscode.TreeView<unknown>;
  docs: PodDocuments;
  panels: AnatomyPanels;
  /** How long activate() took, in ms (benchmarked). */
  activationMs: number;
}

const HISTORY_KEY = 'podXray.history.v1';

export function activate(context: vscode.ExtensionContext): PodXrayApi {
  const t0 = performance.now();
  const registry = new ClusterRegistry();
  const config = () => vscode.workspace.getConfiguration('podXray');
  registry.historyLimit = config().get<number>('historyLimit', 50);

  // History survives window reloads: saved per context in global state, debounced.
  const saved = context.globalState.get<Record<string, PodHistory[]>>(HISTORY_KEY, {});
  const timers = new Map<string, NodeJS.Timeout>();
  const persist = (s: ClusterSession) => {
    clearTimeout(timers.get(s.info.name));
    timers.set(
      s.info.name,
      setTimeout(() => {
        const all = {
          ...context.globalState.get<Record<string, PodHistory[]>>(HISTORY_KEY, {}),
          [s.info.name]: s.store.exportHistories(),
        };
        void context.globalState.update(HISTORY_KEY, all);
      }, 2000),
    );
  };
  registry.onDidCreateSession(s => {
    s.store.importHistories(saved[s.info.name] ?? []);
    s.store.onChange(() => persist(s));
  });

  const tree = new PodTreeProvider(registry);
  const view = vscode.window.createTreeView('podXray.pods', { treeDataProvider: tree, showCollapseAll: true });
  const status = new StatusBar(registry);

  let warnedIgnored = false;
  const reload = () => {
    // Only the user's own setting counts; what a workspace sets is ignored and said so (see kubeconfigSetting.ts).
    const ignored = ignoredWorkspaceSettings();
    const load = registry.reload(userKubeconfigSetting(), process.env, kubeconfigGuard(ignored));
    if (ignored.length && !warnedIgnored) {
      warnedIgnored = true;
      const open = vscode.l10n.t('Open User Settings');
      void vscode.window.showWarningMessage(`podXray.kubeconfig: ${ignoredMessage(ignored[0])}`, open).then(a => {
        if (a === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'podXray.kubeconfig');
      });
    }
    void vscode.commands.executeCommand(
      'setContext',
      'podXray.noKubeconfig',
      !load.contexts.length && !load.problems.length,
    );
    // Connecting (and so running a kubeconfig's credential plugin) waits for the view or a command:
    // activation by a YAML file only serves hovers, which need no cluster.
    const ctx = registry.currentContext;
    if (ctx && view.visible) registry.session(ctx)?.start();
    status.update();
  };
  reload();

  const docs = new PodDocuments();
  const panels = new AnatomyPanels(registry, context.extensionUri);
  context.subscriptions.push(
    tree,
    view,
    status,
    docs,
    panels,
    { dispose: () => registry.dispose() },
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
    vscode.languages.registerHoverProvider(
      [{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }, { scheme: SCHEME }],
      new ManifestHoverProvider(),
    ),
    ...registerTreeCommands(registry, tree, view, reload),
    ...registerActionCommands(context, registry, docs, panels),
    vscode.commands.registerCommand('podXray.pickKubeconfig', async () => {
      const uri = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: vscode.l10n.t('Use this kubeconfig'),
        title: vscode.l10n.t('Choose a kubeconfig file'),
      });
      if (uri?.[0]) await config().update('kubeconfig', uri[0].fsPath, vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand('podXray.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', 'podXray'),
    ),
    view.onDidChangeVisibility(e => {
      const ctx = registry.currentContext;
      if (e.visible && ctx) registry.session(ctx)?.start();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(reload),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('podXray.kubeconfig')) reload();
      if (e.affectsConfiguration('podXray.historyLimit'))
        registry.historyLimit = config().get<number>('historyLimit', 50);
    }),
  );
  return { registry, tree, view: view as vscode.TreeView<unknown>, docs, panels, activationMs: performance.now() - t0 };
}

export function deactivate(): void {
  /* subscriptions dispose everything */
}
