// A glob matcher for the patterns of VS Code's files.exclude style (`**`, `*`, `?`, `{a,b}`,
// `[...]`), for paths that may be long or hostile.
//
// Each glob compiles into a small automaton and the path is walked once, keeping the set of
// live states: time is (path length) x (pattern length), never exponential, so a hostile path
// or pattern cannot stall the editor the way a backtracking regex can.
//
// A pattern that does not start with "/" matches at any folder boundary of the path, so
// `**/.env*`, `.env*` and `.ssh/**` all hold for absolute paths, workspace-relative paths and
// the paths of virtual file systems alike. Callers normalise slashes and case first.

/** One automaton state: the characters it consumes (and where they lead) and its free moves. */
interface State {
  readonly edges: { readonly accepts: (ch: string) => boolean; readonly to: number }[];
  readonly free: number[];
}

interface Automaton {
  readonly states: State[];
  readonly start: number;
  readonly accept: number;
  readonly anchored: boolean;
}

const anyChar = (): boolean => true;
const notSlash = (ch: string): boolean => ch !== '/';

/** Builds the automaton of one glob (already normalised: forward slashes, case folded if wanted). */
function compile(glob: string): Automaton {
  const states: State[] = [];
  const add = (): number => states.push({ edges: [], free: [] }) - 1;
  let pos = 0;

  /** Any number of characters `accepts` takes, after `from`: returns the state that follows. */
  function repeat(from: number, accepts: (ch: string) => boolean): number {
    const loop = add();
    const next = add();
    states[from].free.push(loop);
    states[loop].edges.push({ accepts, to: loop });
    states[loop].free.push(next);
    return next;
  }

  // Compiles a sequence up to the end, or up to a "," or "}" of the enclosing brace group.
  // Returns [entry, exit] states.
  function sequence(inBraces: boolean): [number, number] {
    const entry = add();
    let current = entry;
    while (pos < glob.length) {
      const ch = glob[pos];
      if (inBraces && (ch === ',' || ch === '}')) break;
      const atBoundary = pos === 0 || '/{,'.includes(glob[pos - 1]);
      if (ch === '*' && glob[pos + 1] === '*') {
        pos += 2;
        while (glob[pos] === '*') pos++;
        if (atBoundary && glob[pos] === '/') {
          // "**/": zero folders, or any text that ends with a slash.
          pos++;
          const loop = add();
          const next = add();
          states[current].free.push(loop, next);
          states[loop].edges.push({ accepts: anyChar, to: loop }, { accepts: (c) => c === '/', to: next });
          current = next;
        } else {
          // "**" elsewhere: any text, slashes included.
          current = repeat(current, anyChar);
        }
      } else if (ch === '*') {
        pos++;
        current = repeat(current, notSlash);
      } else if (ch === '{') {
        pos++;
        const join = add();
        for (;;) {
          const [altEntry, altExit] = sequence(true);
          states[current].free.push(altEntry);
          states[altExit].free.push(join);
          if (glob[pos] === ',') {
            pos++;
            continue;
          }
          if (glob[pos] === '}') pos++;
          break;
        }
        current = join;
      } else {
        const accepts = ch === '?' ? notSlash : ch === '[' ? characterClass() : (c: string) => c === ch;
        if (ch !== '[' || accepts === undefined) pos++;
        const next = add();
        states[current].edges.push({ accepts: accepts ?? ((c: string) => c === '['), to: next });
        current = next;
      }
    }
    return [entry, current];
  }

  // "[abc]", "[a-z]", "[!abc]" or "[^abc]"; never matches a slash. Undefined (and a literal "[")
  // when the class is not closed.
  function characterClass(): ((ch: string) => boolean) | undefined {
    const close = glob.indexOf(']', pos + 2);
    if (close === -1) return undefined;
    let body = glob.slice(pos + 1, close);
    pos = close + 1;
    const negated = body.startsWith('!') || body.startsWith('^');
    if (negated) body = body.slice(1);
    const ranges: [string, string][] = [];
    for (let i = 0; i < body.length; i++) {
      if (body[i + 1] === '-' && i + 2 < body.length) {
        ranges.push([body[i], body[i + 2]]);
        i += 2;
      } else {
        ranges.push([body[i], body[i]]);
      }
    }
    return (c) => c !== '/' && ranges.some(([lo, hi]) => c >= lo && c <= hi) !== negated;
  }

  const anchored = glob.startsWith('/');
  const [start, accept] = sequence(false);
  return { states, start, accept, anchored };
}

/** The automaton flattened for the walk: each state's free-move closure and its edges as numbers. */
interface Runner {
  readonly closures: Int32Array[];
  readonly edgeFrom: Int32Array[];
  readonly edges: State['edges'][number][];
  readonly size: number;
  readonly start: number;
  readonly accept: number;
  readonly anchored: boolean;
  /** For an unanchored pattern without "**": how many trailing path segments it can reach. */
  readonly tailSegments: number | undefined;
  /** The literal text the pattern ends with ("*.pem": ".pem"): a path not ending so cannot match. */
  readonly literalEnd: string;
}

/** The run of plain characters at the end of a glob (none after a wildcard, class or brace). */
function literalEndOf(glob: string): string {
  let start = glob.length;
  while (start > 0 && !'*?[]{},'.includes(glob[start - 1])) start--;
  return glob.slice(start);
}

function flatten(automaton: Automaton, glob: string): Runner {
  const closures = automaton.states.map((_, state) => {
    const seen = new Set<number>();
    const stack = [state];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (seen.has(s)) continue;
      seen.add(s);
      stack.push(...automaton.states[s].free);
    }
    // Only states that consume characters, or the accepting one, matter after a move.
    return Int32Array.from([...seen].filter((s) => automaton.states[s].edges.length > 0 || s === automaton.accept));
  });
  const edges: State['edges'][number][] = [];
  const edgeFrom = automaton.states.map((state) => Int32Array.from(state.edges.map((edge) => edges.push(edge) - 1)));
  // Only "**" matches a slash other than a literal one, so without it a pattern can only reach
  // as many trailing segments as it has slashes, plus one: the rest of a long path is skipped.
  const tailSegments = automaton.anchored || glob.includes('**') ? undefined : [...glob].filter((c) => c === '/').length + 1;
  const { start, accept, anchored } = automaton;
  return { closures, edgeFrom, edges, size: automaton.states.length, start, accept, anchored, tailSegments, literalEnd: literalEndOf(glob) };
}

/** One left-to-right walk of the path; unanchored patterns restart after every slash. */
function matches(runner: Runner, fullPath: string): boolean {
  if (!fullPath.endsWith(runner.literalEnd)) return false;
  const path = runner.tailSegments === undefined ? fullPath : lastSegments(fullPath, runner.tailSegments);
  let live = new Int32Array(runner.size);
  let next = new Int32Array(runner.size);
  const stamp = new Int32Array(runner.size).fill(-1);
  const admit = (closure: Int32Array, into: Int32Array, count: number, generation: number): number => {
    for (const s of closure) {
      if (stamp[s] !== generation) {
        stamp[s] = generation;
        into[count++] = s;
      }
    }
    return count;
  };
  let liveCount = admit(runner.closures[runner.start], live, 0, 0);
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    const generation = i + 1;
    let nextCount = 0;
    for (let k = 0; k < liveCount; k++) {
      for (const e of runner.edgeFrom[live[k]]) {
        const edge = runner.edges[e];
        if (edge.accepts(ch)) nextCount = admit(runner.closures[edge.to], next, nextCount, generation);
      }
    }
    if (ch === '/' && !runner.anchored) nextCount = admit(runner.closures[runner.start], next, nextCount, generation);
    if (nextCount === 0) {
      if (runner.anchored) return false;
      // Nothing alive: only the restart after the next slash can match, so jump to it.
      const slash = path.indexOf('/', i + 1);
      if (slash === -1) return false;
      i = slash - 1;
    }
    [live, next] = [next, live];
    liveCount = nextCount;
  }
  for (let k = 0; k < liveCount; k++) if (live[k] === runner.accept) return true;
  return false;
}

/** The text after the count-th slash from the end (the whole path when it has fewer). */
function lastSegments(path: string, count: number): string {
  let at = path.length;
  for (let n = 0; n < count; n++) {
    at = path.lastIndexOf('/', at - 1);
    if (at <= 0) return path;
  }
  return path.slice(at + 1);
}

/** A leading "**\/" is implied for a pattern that is not anchored (it restarts after every slash). */
function withoutLeadingGlobstar(glob: string): string {
  let rest = glob;
  while (rest.startsWith('**/')) rest = rest.slice(3);
  return rest === '' ? '**' : rest;
}

/** Compiled automata by pattern (at most 500), so checking a path on every keystroke does not recompile. */
const compiled = new Map<string, Runner>();
const MAX_COMPILED = 500;

/** Whether the (normalised) path matches the (normalised) glob. */
export function globMatches(glob: string, path: string): boolean {
  return matches(runnerFor(glob), path);
}

function runnerFor(glob: string): Runner {
  let runner = compiled.get(glob);
  if (!runner) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    const simplified = glob.startsWith('/') ? glob : withoutLeadingGlobstar(glob);
    runner = flatten(compile(simplified), simplified);
    compiled.set(glob, runner);
  }
  return runner;
}
