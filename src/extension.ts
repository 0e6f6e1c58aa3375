// Wiring only: settings -> registry (cluster) -> views and commands. Each feature registers
// its own commands.
import * as vscode from 'vscode';
import { ClusterRegistry } from './cluster/registry';
import { DEFAULT_HISTORY_LIMIT } from './model/history';
import { DEFAULT_MAX_SIZE_MB, DEFAULT_RETENTION_DAYS } from './model/historyBook';
import { HistoryFiles } from './storage/historyFiles';
import { registerActionCommands } from './commands/actions';
import { registerTreeCommands } from './commands/treeCommands';
import { registerDemoCommands } from './commands/demoCommands';
import { PodDocuments, SCHEME } from './views/documents';
import { ManifestHoverProvider } from './views/manifestHover';
import { AnatomyPanels } from './webview/anatomyPanel';
import { PodTreeProvider } from './views/tree/provider';
import { StatusBar } from './views/statusBar';
import { CrashLogCapture, podGoneIn } from './cluster/logCapture';
import { LogFiles } from './storage/logFiles';
import { registerInstanceLogsCommand } from './commands/instanceLogs';
import { CrashRadar } from './views/radar';
import { PodTerminals } from './views/podTerminal';
import { registerTroubledFilterCommands } from './commands/troubledFilter';
import { trackReadOnly } from './readOnlySetting';
import { ignoredMessage, ignoredWorkspaceSettings, kubeconfigGuard, userKubeconfigSetting } from './kubeconfigSetting';

export interface PodXrayApi {
  registry: ClusterRegistry;
  tree: PodTreeProvider;
  view: vscode.TreeView<unknown>;
  docs: PodDocuments;
  panels: AnatomyPanels;
  history: HistoryFiles;
  crashLogs: CrashLogCapture;
  radar: CrashRadar;
  /** The shells and debug-container terminals opened in this window (tests read their transcripts). */
  terminals: PodTerminals;
  /** How long activate() took, in ms (benchmarked). */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): PodXrayApi {
  const t0 = performance.now();
  const registry = new ClusterRegistry();
  // Read on hot paths (every store change asks whether capture is on): one snapshot until a setting
  // changes. The extension host updates its settings and fires this event at once, so none is stale.
  let settings: vscode.WorkspaceConfiguration | undefined;
  const config = () => (settings ??= vscode.workspace.getConfiguration('podXray'));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('podXray')) settings = undefined;
    }),
  );
  registry.historyLimit = config().get<number>('historyLimit') ?? DEFAULT_HISTORY_LIMIT;

  // History survives Refresh and window reloads: files under global storage, one folder per context.
  const history = new HistoryFiles(context.globalStorageUri.fsPath, () => ({
    retentionDays: config().get<number>('history.retentionDays') ?? DEFAULT_RETENTION_DAYS,
    maxSizeMB: config().get<number>('history.maxSizeMB') ?? DEFAULT_MAX_SIZE_MB,
  }));
  history.attach(registry);
  flushHistory = () => history.flush();

  const logs = new LogFiles(
    context.globalStorageUri.fsPath,
    () => ({ maxTotalMB: config().get('crashLogs.maxTotalMB', 100) }),
    podGoneIn(registry),
  );
  const crashLogs = new CrashLogCapture(logs, () => ({
    enabled: config().get('crashLogs.enabled', true),
    tailLines: config().get('crashLogs.tailLines', 1000),
    maxKB: config().get('crashLogs.maxKB', 256),
  }));
  crashLogs.attach(registry);

  const tree = new PodTreeProvider(registry);
  const view = vscode.window.createTreeView('podXray.pods', { treeDataProvider: tree, showCollapseAll: true });
  const radar = new CrashRadar(registry, view, () => config().get('radar.statusBar', false));
  tree.instanceLogState = (s, id) => crashLogs.state(s, id);
  crashLogs.onDidChange(uid => tree.refreshKeptLogs(uid));
  const status = new StatusBar(registry);

  let warnedIgnored = false;
  const reload = () => {
    registry.allNamespaces = config().get('allNamespaces', false);
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
  void history.migrate(context.globalState, registry).catch(() => undefined); // the old key stays until it works

  const docs = new PodDocuments();
  const panels = new AnatomyPanels(registry, context.extensionUri);
  const terminals = new PodTerminals();
  panels.keptLogs = crashLogs;
  context.subscriptions.push(
    tree,
    view,
    status,
    docs,
    panels,
    { dispose: () => registry.dispose() },
    history,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
    vscode.languages.registerHoverProvider(
      [{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }, { scheme: SCHEME }],
      new ManifestHoverProvider(),
    ),
    ...registerTreeCommands(registry, tree, view, reload),
    ...registerTroubledFilterCommands(tree, view),
    ...registerActionCommands({ ctx: context, reg: registry, docs, panels, terminals }),
    terminals,
    trackReadOnly(),
    ...registerInstanceLogsCommand(registry, crashLogs, docs),
    crashLogs,
    radar,
    ...registerDemoCommands(context, registry),
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
      if (e.affectsConfiguration('podXray.kubeconfig') || e.affectsConfiguration('podXray.allNamespaces')) reload();
      if (e.affectsConfiguration('podXray.radar.statusBar')) radar.recount();
      if (e.affectsConfiguration('podXray.historyLimit'))
        registry.historyLimit = config().get<number>('historyLimit') ?? DEFAULT_HISTORY_LIMIT;
    }),
  );
  return {
    registry,
    tree,
    view: view as vscode.TreeView<unknown>,
    docs,
    panels,
    history,
    crashLogs,
    radar,
    terminals,
    activationMs: performance.now() - t0,
  };
}

let flushHistory: (() => Promise<void>) | undefined;

/** Subscriptions dispose everything; the history still to be written is awaited. */
export function deactivate(): Promise<void> | undefined {
  return flushHistory?.().catch(() => undefined);
}
