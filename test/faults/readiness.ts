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
 * is seen only by a prober that keeps asking while it happens, as a load balancer's does. Each
 * probe starts on time whether or not the one before has answered, and is recorded at the moment
 * it was sent: a probe that waits out the whole fault (queued behind the load for a connection,
 * then answered once the server is back) must not hide the probes sent during it.
 */
export function sampleReadiness(url: string, intervalMs = 50): ReadinessSampler {
  const samples: ReadinessSample[] = [];
  const inFlight = new Set<Promise<void>>();
  const probe = () => {
    const at = Date.now();
    const sent = readiness(url).then((status) => {
      samples.push({ at, status });
      inFlight.delete(sent);
    });
    inFlight.add(sent);
  };
  const timer = setInterval(probe, intervalMs);
  probe();
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      samples.sort((a, b) => a.at - b.at);
      return samples;
    },
  };
}
