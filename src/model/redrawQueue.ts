// Rows that show a relative time ("running 3m", "3m ago" in a tooltip) must be drawn again so the
// time never freezes, but a big namespace has thousands: redrawing them all at once kept VS Code's
// extension host busy for over a second (its tree does work per row times rows). So a row is due
// once it was drawn `everyMs` ago, and each tick redraws at most `budget` rows, the oldest first.
export class RedrawQueue<T> {
  /** Insertion order is draw order: a row drawn again moves to the back. */
  private readonly drawnAt = new Map<T, number>();

  constructor(
    readonly everyMs: number,
    readonly budget: number,
  ) {}

  drawn(row: T, now: number): void {
    this.drawnAt.delete(row);
    this.drawnAt.set(row, now);
  }

  /**
   * The rows to redraw now: drawn at least `everyMs` ago, oldest first, at most `budget`. They leave
   * the queue; drawing them again puts them back (a row no longer drawn drops out).
   */
  due(now: number, budget = this.budget): T[] {
    const out: T[] = [];
    for (const [row, at] of this.drawnAt) {
      if (out.length >= budget || now - at < this.everyMs) break;
      out.push(row);
    }
    for (const row of out) this.drawnAt.delete(row);
    return out;
  }

  get size(): number {
    return this.drawnAt.size;
  }
}
