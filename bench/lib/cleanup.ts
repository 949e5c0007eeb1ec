// Teardown that runs exactly once, whether the bench ends normally, throws, or gets Ctrl-C /
// SIGTERM: the bench's database must never be left behind on the shared PostgreSQL server.
type Task = () => Promise<void> | void;

const tasks: Task[] = [];
let running: Promise<void> | undefined;

/** Registers a teardown step; steps run last-registered first. Returns an unregister function. */
export function onCleanup(task: Task): () => void {
  tasks.push(task);
  return () => {
    const index = tasks.indexOf(task);
    if (index >= 0) tasks.splice(index, 1);
  };
}

/** Runs every registered step (once, even if called again), reporting but not rethrowing failures. */
export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (tasks.length > 0) {
      const task = tasks.pop();
      try {
        await task?.();
      } catch (error) {
        console.error('[bench] cleanup step failed:', error);
      }
    }
  })();
  return running;
}

/** On SIGINT/SIGTERM: clean up, then exit with the conventional 128 + signal number. */
export function cleanupOnSignals(): void {
  const handle = (signal: NodeJS.Signals, code: number) => {
    process.stderr.write(`\n[bench] ${signal}: stopping servers and dropping the bench database…\n`);
    void runCleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => handle('SIGINT', 130));
  process.once('SIGTERM', () => handle('SIGTERM', 143));
}
