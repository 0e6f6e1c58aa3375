// The theme icon of each row state (model/rows.ts says which state).
import * as vscode from 'vscode';
import { RowIcon } from '../../model/rows';

const ICONS: Record<RowIcon, [string, string | undefined]> = {
  running: ['circle-filled', 'testing.iconPassed'],
  starting: ['circle-large-outline', 'charts.yellow'],
  waiting: ['clock', 'charts.yellow'],
  crashloop: ['warning', 'list.warningForeground'],
  failed: ['error', 'list.errorForeground'],
  completed: ['pass', 'descriptionForeground'],
  unknown: ['question', 'descriptionForeground'],
  'sandbox-ready': ['vm-running', 'charts.blue'],
  'sandbox-creating': ['vm-outline', 'charts.yellow'],
  'sandbox-host': ['vm-active', 'charts.purple'],
  'sandbox-none': ['vm-outline', 'disabledForeground'],
  'instance-ok': ['history', 'descriptionForeground'],
  'instance-error': ['history', 'list.errorForeground'],
};

export const rowIcon = (i: RowIcon) =>
  new vscode.ThemeIcon(ICONS[i][0], ICONS[i][1] ? new vscode.ThemeColor(ICONS[i][1]!) : undefined);
