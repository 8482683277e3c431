// The post-processing chain: small pure filters, applied in order.
import { cutAtRepeatedSuffixLines } from './cutAtRepeatedSuffixLines';
import { cutOverlapWithLineSuffix } from './cutOverlapWithLineSuffix';
import { dropWhitespaceOnly } from './dropWhitespaceOnly';
import type { CompletionFilter, FilterContext } from './filterContext';
import { limitLines } from './limitLines';
import { stripSpecialTokens } from './stripSpecialTokens';
import { trimTrailingWhitespace } from './trimTrailingWhitespace';

export type { CompletionFilter, FilterContext } from './filterContext';

export const FILTERS: readonly CompletionFilter[] = [
  stripSpecialTokens,
  limitLines,
  cutAtRepeatedSuffixLines,
  trimTrailingWhitespace,
  cutOverlapWithLineSuffix,
  dropWhitespaceOnly,
];

export function postprocess(text: string, context: FilterContext): string {
  let out = text;
  for (const filter of FILTERS) {
    out = filter(out, context);
    if (out === '') return '';
  }
  return out;
}
