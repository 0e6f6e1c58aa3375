// Commands of the Pods tree: refresh, context/namespace selection, filter, reveal, retry.
import * as vscode from 'vscode';
import { ClusterRegistry } from '../cluster/registry';
import { PodFilter, describeFilter, isActive } from '../model/filter';
import { PodTreeProvider, Node } from '../views/tree/provider';
import { resolvePod } from './targets';

export function registerTreeCommands(
  reg: ClusterRegistry,
  tree: PodTreeProvider,
  view: vscode.TreeView<Node>,
  reload: () => void,
): vscode.Disposable[] {
  const cmd = (id: string, f: (...a: unknown[]) => unknown) => vscode.commands.registerCommand(id, f);

  /**
   * The first step is a text box that also offers choices: typing a name (or key=value, label:key)
   * and pressing Enter filters by it; the items below apply it with "only problems" or clear.
   */
  function askFilter(): Promise<PodFilter | undefined> {
    type Item = vscode.QuickPickItem & { filter: PodFilter };
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = vscode.l10n.t('Filter pods');
    qp.placeholder = vscode.l10n.t('Type a pod name substring, a label as key=value or label:key, and press Enter');
    qp.value = tree.filter.text ?? '';
    const items = (v: string): Item[] => {
      const text = v.trim();
      const all: Item[] = [];
      if (text) {
        all.push({ label: vscode.l10n.t('Filter by "{0}"', text), filter: { text } });
        all.push({
          label: vscode.l10n.t('"{0}", only pods with problems', text),
          filter: { text, problemsOnly: true },
        });
      }
      all.push({ label: vscode.l10n.t('Only pods with problems'), filter: { problemsOnly: true } });
      if (isActive(tree.filter)) all.push({ label: vscode.l10n.t('Clear the filter'), filter: {} });
      // Always shown: what was typed is a value, not a search through these items.
      return all.map(i => ({ ...i, alwaysShow: true }));
    };
    // The first item (filter by what was typed) stays the one Enter takes, whatever the matching ranks first.
    const refresh = (v: string) => {
      qp.items = items(v);
      qp.activeItems = qp.items.slice(0, 1);
    };
    refresh(qp.value);
    qp.onDidChangeValue(refresh);
    return new Promise(resolve => {
      qp.onDidAccept(() => {
        const text = qp.value.trim();
        resolve(qp.selectedItems[0]?.filter ?? (text ? { text } : undefined));
        qp.hide();
      });
      qp.onDidHide(() => {
        resolve(undefined);
        qp.dispose();
      });
      qp.show();
    });
  }

  return [
    cmd('podXray.refresh', () => {
      reload();
    }),
    // All Namespaces on/off: a user setting; the sessions restart with one cluster-wide watch (or not).
    cmd('podXray.toggleAllNamespaces', async () => {
      const c = vscode.workspace.getConfiguration('podXray');
      await c.update('allNamespaces', !c.get('allNamespaces', false), vscode.ConfigurationTarget.Global);
    }),
    cmd('podXray.retry', (n?: unknown) => {
      const ctx =
        (n as Node | undefined)?.type === 'message' ? (n as Extract<Node, { type: 'message' }>).context : undefined;
      if (!ctx) {
        reload();
        return;
      }
      reg.existingSession(ctx)?.retry();
      tree.refreshAll();
    }),
    cmd('podXray.selectContext', async (name?: unknown) => {
      let ctx = typeof name === 'string' ? name : undefined;
      if (!ctx) {
        const pick = await vscode.window.showQuickPick(
          reg.contexts.map(c => ({
            label: c.name,
            description:
              c.name === reg.currentContext
                ? vscode.l10n.t('current')
                : c.problem
                  ? vscode.l10n.t('problem: {0}', c.problem)
                  : c.server,
            detail: c.file,
          })),
          { placeHolder: vscode.l10n.t('Select a Kubernetes context') },
        );
        ctx = pick?.label;
      }
      if (!ctx) return;
      reg.selectContext(ctx);
      await view
        .reveal(tree.contextNode(ctx), { expand: true, select: false, focus: false })
        .then(undefined, () => undefined);
    }),
    cmd('podXray.selectNamespace', async (name?: unknown) => {
      const ctx = reg.currentContext;
      const s = reg.session(ctx);
      if (!s || !ctx) return;
      s.start();
      let ns = typeof name === 'string' ? name : undefined;
      if (!ns) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([s.whenNamespacesKnown(), new Promise(r => (timer = setTimeout(r, 5000)))]);
        clearTimeout(timer);
        const qp = vscode.window.createQuickPick();
        qp.placeholder = vscode.l10n.t('Select a namespace of {0} (or type one)', ctx);
        qp.items = (s.namespaces ?? [reg.namespace(ctx)]).map(n => ({
          label: n,
          description: n === reg.namespace(ctx) ? vscode.l10n.t('selected') : undefined,
        }));
        ns = await new Promise<string | undefined>(resolve => {
          qp.onDidAccept(() => {
            resolve(qp.selectedItems[0]?.label ?? (qp.value.trim() || undefined));
            qp.hide();
          });
          qp.onDidHide(() => {
            resolve(undefined);
            qp.dispose();
          });
          qp.show();
        });
      }
      if (!ns) return;
      reg.selectNamespace(ns, ctx);
      s.ensureWatching(ns);
      await view
        .reveal(tree.namespaceNode(ctx, ns), { expand: true, select: false, focus: false })
        .then(undefined, () => undefined);
    }),
    cmd('podXray.filterPods', async (arg?: unknown) => {
      const asked = arg && typeof arg === 'object' ? undefined : await askFilter();
      // A name or "only problems" picked in the box keeps the "Troubled" toggle; "Clear the filter" clears all.
      const f: PodFilter | undefined = asked
        ? { ...asked, troubledOnly: isActive(asked) && tree.filter.troubledOnly }
        : (arg as PodFilter | undefined);
      if (!f) return;
      tree.setFilter(f);
      view.description = isActive(f) ? vscode.l10n.t('filter: {0}', describeFilter(f)) : undefined;
    }),
    cmd('podXray.clearFilter', () => {
      tree.setFilter({});
      view.description = undefined;
    }),
    cmd('podXray.revealPod', async (arg?: unknown) => {
      const t = await resolvePod(reg, arg, vscode.l10n.t('Reveal a pod'));
      if (!t) return;
      if (reg.namespace(t.context) !== t.namespace) reg.selectNamespace(t.namespace, t.context);
      const n = tree.podNode(t.context, t.namespace, t.uid);
      await view.reveal(n, { select: true, focus: true, expand: true });
    }),
  ];
}
