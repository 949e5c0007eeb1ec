// What a load balancer sees of a gatepost process: the status of GET /readyz (0 when nothing
// answered within 5 s), polled once, until it says something, or throughout a fault.

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export async function readiness(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
}

/** Whether /readyz answers `status` within `milliseconds`. */
export async function waitForReadiness(url: string, status: number, milliseconds: number): Promise<boolean> {
  for (const until = Date.now() + milliseconds; Date.now() < until; await sleep(100)) {
    if ((await readiness(url)) === status) return true;
  }
  return false;
}

export interface ReadinessSample {
  readonly at: number;
  readonly status: number;
}

export interface ReadinessSampler {
  /** Every answer so far, oldest first. */
  readonly samples: readonly ReadinessSample[];
  stop(): Promise<readonly ReadinessSample[]>;
}

/**
 * Asks /readyz every `intervalMs` until stopped: a fault shorter than a second (a real restart)
 * is seen only by a prober that keeps asking while it happens, as a load balancer's does.
 */
export function sampleReadiness(url: string, intervalMs = 100): ReadinessSampler {
  const samples: ReadinessSample[] = [];
  let stopping = false;
  const running = (async () => {
    while (!stopping) {
      const status = await readiness(url);
      samples.push({ at: Date.now(), status });
      await sleep(intervalMs);
    }
  })();
  return {
    samples,
    async stop() {
      stopping = true;
      await running;
      return samples;
    },
  };
}
