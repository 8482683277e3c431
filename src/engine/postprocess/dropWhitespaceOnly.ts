// A completion with nothing but whitespace is no completion.
import type { CompletionFilter } from './filterContext';

export const dropWhitespaceOnly: CompletionFilter = (text) => (text.trim() === '' ? '' : text);
