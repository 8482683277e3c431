// Follows the selection through the edits a user makes while the model works, so that the
// answer lands where the selected code is now, or is refused when that code itself changed.
// Plain offsets, no `vscode` import: VS Code's TextDocumentContentChangeEvent fits TextChange.

export interface TextChange {
  /** Offset of the replaced range in the document as it was before the change event. */
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

export class RangeTracker {
  /** Some edit reached inside the range: the selected code is no longer what the model saw. */
  touched = false;

  constructor(
    public start: number,
    public end: number,
  ) {}

  /**
   * Applies one change event. Its changes do not overlap and their offsets all refer to the
   * document before the event (VS Code lists them from the bottom of the document up), so
   * each is compared with the range as it was and the shifts of those before it add up.
   * Text inserted exactly at the start goes before the range, at the end after it.
   */
  apply(changes: readonly TextChange[]): void {
    if (this.touched) return;
    let shift = 0;
    for (const change of changes) {
      const changeEnd = change.rangeOffset + change.rangeLength;
      if (changeEnd <= this.start) shift += change.text.length - change.rangeLength;
      else if (change.rangeOffset >= this.end) continue;
      else {
        this.touched = true;
        return;
      }
    }
    this.start += shift;
    this.end += shift;
  }
}
