// The crash radar's "Troubled" filter (issue 19 §3): a toggle in the Pods view's title, in the palette
// and behind the radar's status bar item. It only flips `troubledOnly` in the tree's filter; the rule is
// the badge's own (model/radar.ts), applied where every filter is (model/filter.ts).
import * as vscode from 'vscode';
import { describeFilter, isActive } from '../model/filter';
import { Node, PodTreeProvider } from '../views/tree/provider';

export const SHOW_TROUBLED = 'podXray.showTroubledPods';
export const SHOW_ALL = 'podXray.showAllPods';

export function registerTroubledFilterCommands(
  tree: PodTreeProvider,
  view: vscode.TreeView<Node>,
): vscode.Disposable[] {
  const set = (troubledOnly: boolean) => {
    // Other parts of the filter (a name, "only problems") stay: the toggle changes its own part only.
    const f = { ...tree.filter, troubledOnly };
    tree.setFilter(f);
    view.description = isActive(f) ? vscode.l10n.t('filter: {0}', describeFilter(f)) : undefined;
  };
  return [
    vscode.commands.registerCommand(SHOW_TROUBLED, async () => {
      set(true);
      // From the palette or the status bar the view may be hidden: what was asked for must be seen.
      await vscode.commands.executeCommand('podXray.pods.focus');
    }),
    vscode.commands.registerCommand(SHOW_ALL, () => set(false)),
  ];
}
