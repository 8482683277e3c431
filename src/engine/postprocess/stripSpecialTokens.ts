// Model output ends at the first special token: anything after a FIM or EOS token is not code.
import { SPECIAL_TOKENS } from '../fimTemplate';
import type { CompletionFilter } from './filterContext';

/** Any other DeepSeek special token, e.g. `<｜begin▁of▁sentence｜>`. */
const ANY_SPECIAL = /<\uFF5C[^\uFF5C\n]{1,40}\uFF5C>/;

export const stripSpecialTokens: CompletionFilter = (text) => {
  let end = text.length;
  for (const token of SPECIAL_TOKENS) {
    const at = text.indexOf(token);
    if (at >= 0 && at < end) end = at;
  }
  const other = ANY_SPECIAL.exec(text);
  if (other && other.index < end) end = other.index;
  return text.slice(0, end);
};
