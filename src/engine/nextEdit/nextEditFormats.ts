// The prompt formats of next-edit models, as data: which model names each is for, the text
// around the recorded edits and the editable region, and the markers the answer comes in.
// Chosen by model name like the FIM templates. README "Next-edit suggestions" documents the
// models and where their formats are published.

export interface NextEditFormat {
  readonly id: 'rewrite' | 'zeta' | 'sweep';
  /** Tested on the lower-cased model name; the first format that matches is used. */
  readonly modelPattern: RegExp;
  /** Sent as the chat's system message (formats trained without one leave it out). */
  readonly system?: string;
  /** The user message: {edits}, {file} and {region} are filled in. */
  readonly template: string;
  /** One recorded edit: {file} and {diff} are filled in. */
  readonly editTemplate: string;
  /** How {diff} shows an edit: unified-diff lines, or the old and the new lines as two blocks. */
  readonly diffStyle: 'unified' | 'originalUpdated';
  /** Put around the editable region and expected around the answer (answers without them are read whole). */
  readonly regionStart: string;
  readonly regionEnd: string;
  /** Marks the cursor inside the region ('' when the format has none). */
  readonly cursor: string;
  /** When no edit was recorded yet. */
  readonly noEdits: string;
}

/** Instruct and chat models (DeepSeek's chat API, deepseek-coder instruct, Qwen coder instruct...): asked to rewrite the region. */
export const REWRITE_FORMAT: NextEditFormat = {
  id: 'rewrite',
  modelPattern: /.*/,
  system: [
    'You predict the next edit a programmer makes in their code, from the edits they just made.',
    'Continue what the recent edits started: if a name was changed, change its other uses; if an argument was added, update the calls; finish a change made in one place in the places like it.',
    'Rewrite the editable region with that next edit applied. Change nothing else: keep every other line, its indentation and its comments exactly as they are.',
    'Answer with the whole region between <|editable_region_start|> and <|editable_region_end|> and nothing else. If no edit follows from the recent edits, answer with the region unchanged.',
  ].join('\n'),
  template: 'Recent edits, oldest first:\n\n{edits}\n\nThe file {file}, the cursor at <|user_cursor|>:\n\n<|editable_region_start|>\n{region}\n<|editable_region_end|>',
  editTemplate: 'In {file}:\n```diff\n{diff}\n```',
  diffStyle: 'unified',
  regionStart: '<|editable_region_start|>',
  regionEnd: '<|editable_region_end|>',
  cursor: '<|user_cursor|>',
  noEdits: '(none)',
};

/** Zed's Zeta (open weights on Hugging Face, zed-industries/zeta): the instruction, the user's edits and the excerpt. */
export const ZETA_FORMAT: NextEditFormat = {
  id: 'zeta',
  modelPattern: /zeta/,
  template: [
    '### Instruction:',
    'You are a code completion assistant and your task is to analyze user edits and then rewrite an excerpt that the user provides, suggesting the appropriate edits within the excerpt, taking into account the cursor location.',
    '',
    '### User Edits:',
    '',
    '{edits}',
    '',
    '### User Excerpt:',
    '',
    '```{file}',
    '<|editable_region_start|>',
    '{region}',
    '<|editable_region_end|>',
    '```',
    '',
    '### Response:',
    '',
  ].join('\n'),
  editTemplate: 'User edited "{file}":\n```diff\n{diff}\n```',
  diffStyle: 'unified',
  regionStart: '<|editable_region_start|>',
  regionEnd: '<|editable_region_end|>',
  cursor: '<|user_cursor_is_here|>',
  noEdits: '',
};

/**
 * Sweep's next-edit models (sweepai/sweep-next-edit-*): Qwen2.5-Coder's <|file_sep|> file
 * sections, each recent edit as original/updated blocks (the style Sweep found best), then the
 * current region and an open "updated" section the model completes.
 */
export const SWEEP_FORMAT: NextEditFormat = {
  id: 'sweep',
  modelPattern: /sweep|next-edit/,
  template: '{edits}\n<|file_sep|>current/{file}\n{region}\n<|file_sep|>updated/{file}\n',
  editTemplate: '<|file_sep|>{file}.diff\n{diff}',
  diffStyle: 'originalUpdated',
  regionStart: '',
  regionEnd: '<|file_sep|>',
  cursor: '',
  noEdits: '',
};

export const NEXT_EDIT_FORMATS: readonly NextEditFormat[] = [ZETA_FORMAT, SWEEP_FORMAT, REWRITE_FORMAT];

export function nextEditFormatFor(model: string): NextEditFormat {
  const name = model.toLowerCase();
  return NEXT_EDIT_FORMATS.find((format) => format.modelPattern.test(name)) ?? REWRITE_FORMAT;
}
