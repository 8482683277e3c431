// Process trees on Linux, read from /proc: code-server forks an extension host, a file watcher
// and language servers, and some of them survive a SIGTERM to their parent. Shutdown kills the
// whole tree by PID; the memory sampler sums the tree's RSS and PSS.
import { readFileSync, readdirSync } from 'node:fs';

function parentPids(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Field 4 is the parent PID; the command name (field 2) may hold spaces, so parse after ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  return children;
}

/** The PID and all its descendants, parents first. */
export function processTree(rootPid: number): number[] {
  const children = parentPids();
  const result: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    result.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return result;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** SIGTERM to the whole tree, then SIGKILL to whatever still runs after the grace period. */
export async function killProcessTree(rootPid: number, graceMs = 3000): Promise<void> {
  const pids = processTree(rootPid);
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive)) await new Promise((r) => setTimeout(r, 50));
  // Children re-parented to init while we waited are not found from the root any more: kill the
  // PIDs collected before, plus anything new under the survivors.
  const survivors = [...new Set([...pids.filter(alive), ...pids.filter(alive).flatMap((pid) => processTree(pid))])];
  for (const pid of survivors) signal(pid, 'SIGKILL');
}

/** Resident memory of one process: RSS, and PSS (shared pages split between their users). */
function memoryOf(pid: number): { rss: number; pss: number } {
  let rss = 0;
  let pss = 0;
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    rss = kb ? Number(kb) * 1024 : 0;
  } catch {
    return { rss: 0, pss: 0 }; // exited meanwhile
  }
  try {
    const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    pss = kb ? Number(kb) * 1024 : rss;
  } catch {
    pss = rss;
  }
  return { rss, pss };
}

/**
 * Samples the memory of a process tree (the test process with code-server and Chromium below
 * it). RSS summed over processes counts shared pages once per process, an upper bound; PSS
 * summed is the tree's real share of the machine's memory.
 */
export class PeakMemorySampler {
  private timer: ReturnType<typeof setInterval> | undefined;
  peakRssBytes = 0;
  peakPssBytes = 0;

  constructor(private readonly rootPid: number) {}

  start(intervalMs = 500): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    let rss = 0;
    let pss = 0;
    for (const pid of processTree(this.rootPid)) {
      const memory = memoryOf(pid);
      rss += memory.rss;
      pss += memory.pss;
    }
    this.peakRssBytes = Math.max(this.peakRssBytes, rss);
    this.peakPssBytes = Math.max(this.peakPssBytes, pss);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
