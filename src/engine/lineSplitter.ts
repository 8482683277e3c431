// Splits streamed text into lines as it arrives (NDJSON from a server, a model's reasoning).
// Each character is looked at once: the search for the next newline resumes where the last one
// stopped instead of rescanning what is buffered, so a huge line delivered in tiny chunks costs
// its length, not its length squared.

export class LineSplitter {
  private readonly parts: string[] = [];
  private partsLength = 0;

  /** Characters held that are not yet a complete line. */
  get pendingLength(): number {
    return this.partsLength;
  }

  /** Takes a chunk of text; returns the lines it completed (without their newline). */
  push(chunk: string): string[] {
    const lines: string[] = [];
    let from = 0;
    let newline = chunk.indexOf('\n');
    while (newline >= 0) {
      const piece = chunk.slice(from, newline);
      if (this.parts.length > 0) {
        this.parts.push(piece);
        lines.push(this.parts.join(''));
        this.parts.length = 0;
        this.partsLength = 0;
      } else {
        lines.push(piece);
      }
      from = newline + 1;
      newline = chunk.indexOf('\n', from);
    }
    if (from < chunk.length) {
      this.parts.push(chunk.slice(from));
      this.partsLength += chunk.length - from;
    }
    return lines;
  }

  /** The start of the unfinished line, for a message about it. */
  pendingStart(maxChars: number): string {
    return this.parts.join('').slice(0, maxChars);
  }

  /** Whatever is left (the last line, which had no newline), emptying the buffer. */
  end(): string {
    const rest = this.parts.join('');
    this.parts.length = 0;
    this.partsLength = 0;
    return rest;
  }
}

/** Counts line breaks as text streams in, so that "n lines received" costs each piece once. */
export class LineCounter {
  private breaks = 0;

  add(piece: string): number {
    for (let at = piece.indexOf('\n'); at >= 0; at = piece.indexOf('\n', at + 1)) this.breaks++;
    return this.lines;
  }

  /** Lines so far (a text without a line break is one line). */
  get lines(): number {
    return this.breaks + 1;
  }
}
