// The model's texts are English; a view that shows them passes its translator (vscode.l10n.t).
// Placeholders are {0}, {1} … as in vscode.l10n.t, so one bundle serves both.

export type Translate = (message: string, ...args: (string | number)[]) => string;

/** No translation: fill the placeholders in. */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
