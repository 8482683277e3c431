// What every post-processing filter may know about the place the completion goes.

export interface FilterContext {
  /** Text of the cursor line before the cursor. */
  readonly linePrefix: string;
  /** Text of the cursor line after the cursor. */
  readonly lineSuffix: string;
  /** Text after the cursor line (the rest of the suffix window), `\n`-separated. */
  readonly suffixBelow: string;
  readonly multiline: boolean;
  readonly maxLines: number;
}

/** A filter takes the completion so far and returns it cut or cleaned (empty = nothing). */
export type CompletionFilter = (text: string, context: FilterContext) => string;
