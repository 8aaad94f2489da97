import { AsyncLocalStorage } from "node:async_hooks";
import { ChildProcess } from "node:child_process";

// Nothing a credential starts outlives the doctor. The CLIs @azure/identity runs (`/bin/sh -c az ...`
// and `azd ...` through child_process.exec, `pwsh` through execFile) are started as leaders of their
// own process groups, so that the shell and the CLI under it end together, by one kill of the group.
// exec and execFile do not pass `detached` on to the process they start, and they call spawn inside
// node:child_process, past any wrapper of its exports: every child process, however it is started,
// goes through ChildProcess.prototype.spawn with the normalized spawn options, and that is where the
// group is asked for and the child recorded. Stdio, environment, exit codes and the `timeout` and
// `killSignal` of exec/execFile stay as they were: only the group (and, POSIX, the session) changes.

/** POSIX: children lead their own process group; Windows has none (and `detached` opens a console). */
const GROUPS = process.platform !== "win32";

/** Signals that end this process and, while a child is recorded, are first passed on as SIGKILL. */
const GUARDED_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Kills the process group `pid` leads (the process and everything it started in its group) with
 * SIGKILL; on Windows the process alone. Never throws: what is already gone is left alone.
 *
 * @example
 * killProcessGroup(child.pid); // `sh -c az ...` and the `az` under it
 */
export function killProcessGroup(pid: number): void {
  try {
    process.kill(GROUPS ? -pid : pid, "SIGKILL");
  } catch {
    // Gone already (ESRCH), or not ours (EPERM).
  }
}

/** Whether anything is left in the group `pid` led (or, on Windows, whether the process runs). */
function groupAlive(pid: number): boolean {
  try {
    process.kill(GROUPS ? -pid : pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * What a {@link ChildProcessTracker} tells as children come and go, by the pid that leads each
 * child's process group (the child's own pid).
 *
 * @example
 * const events: ChildProcessEvents = { onStart: (pid) => port.postMessage({ type: "child-started", pid }) };
 */
export interface ChildProcessEvents {
  /** A child has started, leading its own group. */
  onStart?(pid: number): void;
  /** Its group is gone: killed, or ended with nothing left in it. */
  onEnd?(pid: number): void;
}

/**
 * Tracks the child processes started in this thread (see {@link trackChildProcesses}).
 *
 * @example
 * const result = await tracker.runAs(7, () => attemptCredential(request, context));
 * tracker.kill(7); // whatever attempt 7 left running
 */
export interface ChildProcessTracker {
  /** Runs `work` as `owner`: the children it starts, however deep in its async calls, are `owner`'s. */
  runAs<T>(owner: number, work: () => T): T;
  /** Kills the process groups of `owner`'s children, and each child `owner` starts from now on. */
  kill(owner: number): void;
  /** Kills every tracked process group; from now on each child is killed as soon as it has started. */
  killAll(): void;
  /** The pids of the groups tracked now. */
  pids(): number[];
}

/**
 * `ChildProcess.prototype.spawn` (undocumented): spawn, exec, execFile and fork all call it on the
 * new ChildProcess with the normalized spawn options, `detached` among them.
 */
type SpawnMethod = (this: ChildProcess, options: unknown) => unknown;

interface Tracked {
  owner: number | undefined;
}

let installed = false;

/**
 * Starts tracking every child process this thread starts from now on (`spawn`, `exec`, `execFile`,
 * `fork`; the `*Sync` ones block the thread until they end and are not tracked). Each is started as
 * the leader of its own process group (`detached`, POSIX), so that killing the group ends it with
 * everything it started, and is tracked until its group is gone: a child that a signal ended (say,
 * exec's `timeout` sent its SIGTERM to the `sh -c`) has its group killed at once, so the CLI under
 * the shell does not run on. Once per thread: meant for the credential worker, whose own
 * `node:child_process` it changes.
 *
 * @throws {Error} when this thread tracks its children already.
 * @example
 * const tracker = trackChildProcesses({ onStart: (pid) => port.postMessage({ type: "child-started", pid }) });
 * port.on("message", (m) => { if (m.type === "stop") tracker.killAll(); });
 */
export function trackChildProcesses(events: ChildProcessEvents = {}): ChildProcessTracker {
  if (installed) throw new Error("this thread tracks its child processes already");
  installed = true;
  const owners = new AsyncLocalStorage<number>();
  const tracked = new Map<number, Tracked>();
  const abandoned = new Set<number>();
  let stopped = false;

  const forget = (pid: number) => {
    if (!tracked.delete(pid)) return;
    events.onEnd?.(pid);
  };
  const end = (pid: number) => {
    killProcessGroup(pid);
    forget(pid);
  };

  const prototype = ChildProcess.prototype as unknown as { spawn?: SpawnMethod };
  const spawnChild = prototype.spawn;
  // Node.js 20 to 24 have it; should one not, children run as before, untracked.
  if (typeof spawnChild === "function") {
    prototype.spawn = function spawnInOwnGroup(this: ChildProcess, options: unknown) {
      if (GROUPS && options !== null && typeof options === "object") {
        (options as { detached?: boolean }).detached = true;
      }
      const result = spawnChild.call(this, options);
      const pid = this.pid;
      if (pid === undefined) return result; // Not started (ENOENT, EACCES): nothing to track.
      const owner = owners.getStore();
      if (stopped || (owner !== undefined && abandoned.has(owner))) {
        killProcessGroup(pid);
        return result;
      }
      tracked.set(pid, { owner });
      events.onStart?.(pid);
      this.once("exit", (_code: number | null, signal: NodeJS.Signals | null) => {
        if (!tracked.has(pid)) return;
        // Ended by a signal (a timeout's kill, say): what it started in its group is killed too.
        if (signal !== null || !GROUPS || !groupAlive(pid)) end(pid);
      });
      return result;
    };
  }

  return {
    runAs: (owner, work) => owners.run(owner, work),
    kill(owner) {
      abandoned.add(owner);
      for (const [pid, child] of tracked) if (child.owner === owner) end(pid);
    },
    killAll() {
      stopped = true;
      for (const pid of [...tracked.keys()]) end(pid);
    },
    pids: () => [...tracked.keys()],
  };
}

/**
 * The main thread's record of the children a worker started (as the worker reports them), so that
 * they end with this process even when it exits, or a signal ends it, before the worker could stop
 * them (see {@link guardChildProcesses}).
 *
 * @example
 * const guard = guardChildProcesses();
 * worker.on("message", (m) => { if (m.type === "child-started") guard.add(m.pid); });
 * await worker.terminate(); guard.release();
 */
export interface ChildProcessGuard {
  /** Records the group `pid` leads. */
  add(pid: number): void;
  /** Forgets it: it has ended. */
  delete(pid: number): void;
  /** Kills what is still recorded and stops guarding. */
  release(): void;
}

const guards = new Set<Set<number>>();
let listening = false;

function killGuarded(): void {
  for (const pids of guards) {
    for (const pid of pids) killProcessGroup(pid);
    pids.clear();
  }
}

const onExit = () => {
  killGuarded();
};

const onSignal = (signal: NodeJS.Signals) => {
  killGuarded();
  listen(false);
  // With no other listener the signal does what it does without one: it ends the process.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
};

function listen(on: boolean): void {
  if (on === listening) return;
  listening = on;
  if (on) {
    process.on("exit", onExit);
    for (const signal of GUARDED_SIGNALS) process.on(signal, onSignal);
  } else {
    process.off("exit", onExit);
    for (const signal of GUARDED_SIGNALS) process.off(signal, onSignal);
  }
}

/** The handlers are there exactly while some guard has a child recorded. */
function refresh(): void {
  listen([...guards].some((pids) => pids.size > 0));
}

/**
 * Creates a {@link ChildProcessGuard}. While any guard has a child recorded, this process kills the
 * recorded process groups (SIGKILL) when it exits (`process.on("exit")`, so also on `process.exit`)
 * and when SIGINT, SIGTERM or SIGHUP reach it: the children lead their own groups, so Ctrl-C at a
 * terminal no longer reaches them. Having killed them, a signal nobody else listens for is raised
 * again and ends the process as it would have; with other listeners, those decide.
 *
 * @example
 * const guard = guardChildProcesses();
 * guard.add(pid);
 * process.exit(1); // the group `pid` leads is killed first
 */
export function guardChildProcesses(): ChildProcessGuard {
  const pids = new Set<number>();
  guards.add(pids);
  return {
    add(pid) {
      if (!guards.has(pids)) return;
      pids.add(pid);
      refresh();
    },
    delete(pid) {
      pids.delete(pid);
      refresh();
    },
    release() {
      for (const pid of pids) killProcessGroup(pid);
      pids.clear();
      guards.delete(pids);
      refresh();
    },
  };
}
