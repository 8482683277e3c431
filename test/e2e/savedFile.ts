// What `VsCodeSession.save` waits for when a test checks the saved text itself afterwards.

/**
 * The file on disk was rewritten. A save truncates the file before it writes it, so an empty
 * read is a save in progress, not its result (a read caught in between failed once in CI).
 */
export const rewrittenFrom =
  (original: string) =>
  (content: string): boolean =>
    content !== original && content !== '';
