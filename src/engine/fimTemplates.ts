// The FIM prompt formats of the model families teams serve, as data: the special tokens, the
// order of prefix and suffix, the stop tokens, and the repository markers where a family was
// trained with them. One renderer (fimRender.ts) lays out every family from this table, so a
// new family is a new entry here, never a new code path.
//
// Sources: each family's tokenizer config and model card (DeepSeek Coder's README, Qwen2.5-Coder's
// README "repository level code completion", StarCoder2's paper, Mistral's FIM docs for Codestral,
// Code Llama's `infilling` format). DeepSeek's bars are U+FF5C and its separators U+2581.
import { END_OF_SENTENCE, FIM_BEGIN, FIM_END, FIM_HOLE } from './fimTemplate';

export type FimTemplateId = 'deepseek-coder' | 'qwen2.5-coder' | 'starcoder2' | 'codestral' | 'codellama';

/** How a family lays out other files ahead of the current one (placeholders {repo}, {path}, {text}). */
export interface RepositoryFormat {
  /** Once, first: the repository's name. */
  readonly head: string;
  /** Per other file. */
  readonly file: string;
  /** Before the FIM prompt: the current file's header. */
  readonly current: string;
  /** Inside the FIM prompt, before the prefix (StarCoder2 names the path after <fim_prefix>). */
  readonly prefixHeader: string;
}

export interface FimTemplate {
  readonly id: FimTemplateId;
  /** For messages and the settings table. */
  readonly family: string;
  /** Matched against the model name (any case): a served name, a Hugging Face id or a GGUF file. */
  readonly modelPattern: RegExp;
  /** The prompt, with {prefix} and {suffix} where the code goes. */
  readonly layout: string;
  /** What ends the middle: EOS and the format's own tokens (a leak of one is never code). */
  readonly stop: readonly string[];
  /**
   * Markers of the repository-level format the family was trained on. Absent: other files stay
   * as the engine lays them out (a path comment above each file, plain code to any model).
   */
  readonly repository?: RepositoryFormat;
  /**
   * The family was trained prefix-suffix-middle with the middle cut at any character, so a
   * middle that is already partly written is a prompt it has seen: the typed part of the cursor
   * line can follow the middle token instead of ending the prefix (see splitTypedLine in
   * fimRender.ts). Absent for suffix-first formats (their prefix already comes last) and for
   * Code Llama, whose " <MID>" marker and leading-space handling make a written middle unsafe.
   */
  readonly writtenMiddle?: boolean;
}

export const FIM_TEMPLATES: readonly FimTemplate[] = [
  {
    id: 'deepseek-coder',
    family: 'DeepSeek Coder (v1, V2, V2-Lite)',
    modelPattern: /deepseek[-_ ]?coder/i,
    layout: `${FIM_BEGIN}{prefix}${FIM_HOLE}{suffix}${FIM_END}`,
    stop: [END_OF_SENTENCE, FIM_BEGIN, FIM_HOLE, FIM_END],
    // DeepSeek Coder's paper: FIM in PSM mode at the character level.
    writtenMiddle: true,
    // Trained with a `# path` comment above each file: the engine's own layout, kept as it is.
  },
  {
    id: 'qwen2.5-coder',
    family: 'Qwen2.5-Coder',
    modelPattern: /qwen[-_ ]?2\.5[-_ ]?coder/i,
    layout: '<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>',
    stop: ['<|endoftext|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|file_sep|>', '<|repo_name|>'],
    // Qwen2.5-Coder's report: PSM at the character level, file and repository level alike.
    writtenMiddle: true,
    repository: { head: '<|repo_name|>{repo}\n', file: '<|file_sep|>{path}\n{text}\n', current: '<|file_sep|>{path}\n', prefixHeader: '' },
  },
  {
    id: 'starcoder2',
    family: 'StarCoder2',
    modelPattern: /starcoder[-_ ]?2/i,
    layout: '<fim_prefix>{prefix}<fim_suffix>{suffix}<fim_middle>',
    stop: ['<|endoftext|>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<file_sep>', '<repo_name>'],
    // StarCoder2's paper: FIM (PSM) at the character level, as StarCoder's.
    writtenMiddle: true,
    repository: { head: '<repo_name>{repo}', file: '<file_sep>{path}\n{text}', current: '<file_sep>', prefixHeader: '{path}\n' },
  },
  {
    id: 'codestral',
    family: 'Codestral',
    modelPattern: /codestral/i,
    // Suffix first: Mistral's FIM format.
    layout: '[SUFFIX]{suffix}[PREFIX]{prefix}',
    stop: ['</s>', '[PREFIX]', '[SUFFIX]'],
  },
  {
    id: 'codellama',
    family: 'Code Llama (7B/13B code and base)',
    modelPattern: /code[-_ ]?llama/i,
    layout: '<PRE> {prefix} <SUF>{suffix} <MID>',
    stop: ['<EOT>', '</s>', '<PRE>', '<SUF>', '<MID>'],
  },
];

export const FIM_TEMPLATE_IDS: readonly FimTemplateId[] = FIM_TEMPLATES.map((t) => t.id);

/** The template a setting names ('auto' or empty: by the model's name); undefined when none fits. */
export function chooseFimTemplate(model: string, setting: string): FimTemplate | undefined {
  const named = setting.trim().toLowerCase();
  if (named && named !== 'auto') return FIM_TEMPLATES.find((t) => t.id === named);
  return FIM_TEMPLATES.find((t) => t.modelPattern.test(model));
}

/** Every special token of every family: none of them is ever code a user wants inserted. */
export const ALL_TEMPLATE_STOPS: readonly string[] = [...new Set(FIM_TEMPLATES.flatMap((t) => t.stop))];
