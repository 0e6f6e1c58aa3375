// What a command acts on. Tree items, the palette pickers and the anatomy webview all hand
// commands one of these; missing fields are asked for (or taken from the current selection).

export interface PodRef {
  context?: string;
  namespace?: string;
  name?: string;
  uid?: string;
}

export interface ContainerRef extends PodRef {
  container?: string;
  containerId?: string;
}

/** A command's argument as a reference: anything that is not an object refers to nothing in particular. */
export function refOfArg(arg: unknown): ContainerRef {
  return (arg && typeof arg === 'object' ? arg : {}) as ContainerRef;
}
