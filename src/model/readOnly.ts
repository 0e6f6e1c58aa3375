// Read-only mode is a safety setting: any level that turns it on wins. A workspace (or its
// folder) cannot turn off what the user turned on, nor the user what a workspace turned on.

/** The levels of one setting, as `WorkspaceConfiguration.inspect()` returns them. */
export interface SettingLevels<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
  defaultLanguageValue?: T;
  globalLanguageValue?: T;
  workspaceLanguageValue?: T;
  workspaceFolderLanguageValue?: T;
}

export function readOnlyFrom(levels: SettingLevels<unknown> | undefined): boolean {
  if (!levels) return false;
  return [
    levels.defaultValue,
    levels.globalValue,
    levels.workspaceValue,
    levels.workspaceFolderValue,
    levels.defaultLanguageValue,
    levels.globalLanguageValue,
    levels.workspaceLanguageValue,
    levels.workspaceFolderLanguageValue,
  ].some(v => v === true);
}
