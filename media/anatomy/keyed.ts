// Keyed drawing for the chart's many parts (bars, back-off gaps): an element is rebuilt only when what it
// draws changed, and the group's children are replaced only when their order changed. A new snapshot or the
// clock's tick then touches the few bars that moved instead of the whole history's (issue 20: 1,000 instances).
export class KeyedGroup<T> {
  private drawn = new Map<string, { sig: string; el: SVGElement }>();

  constructor(
    readonly root: SVGGElement,
    private readonly key: (t: T) => string,
    /** Everything the element shows: equal signatures mean an equal element. */
    private readonly sig: (t: T) => string,
    private readonly make: (t: T) => SVGElement,
  ) {}

  /** Draws these items, in this order, reusing what is unchanged. */
  draw(items: readonly T[]): void {
    const next = new Map<string, { sig: string; el: SVGElement }>();
    const els: SVGElement[] = [];
    for (const t of items) {
      let k = this.key(t);
      while (next.has(k)) k += '+'; // never two items on one element
      const sig = this.sig(t);
      const old = this.drawn.get(k);
      let e = old && old.sig === sig ? old.el : undefined;
      if (!e) {
        e = this.make(t);
        // In place: the neighbours stay, and so does focus order.
        if (old?.el.parentNode === this.root) old.el.replaceWith(e);
      }
      next.set(k, { sig, el: e });
      els.push(e);
    }
    this.drawn = next;
    const kids = this.root.children;
    if (kids.length !== els.length || els.some((e, i) => kids[i] !== e)) this.root.replaceChildren(...els);
  }
}
