// Counted words of the tree's rows, translated whole (a translator sees "{0} pods", not "pods").
import * as vscode from 'vscode';
import type { Translate } from '../../model/translate';

export const countPods = (n: number) => (n === 1 ? vscode.l10n.t('1 pod') : vscode.l10n.t('{0} pods', n));

/** The row builders of model/rows.ts write their fixed phrases through this. */
// l10n-export: passes on the literals of rows.ts's t('…') calls (scripts/l10n-export.mjs collects those).
export const rowText: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
