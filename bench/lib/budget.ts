// What a run will cost before it starts, so a change that pushes the default run past its
// 10-minute budget is seen at once, not after ten minutes.
import type { BenchConfig } from './config';
import type { Scenario } from './scenarios';

/** Measured on the 2-core bench machine: start (bundle + connect) plus SIGTERM stop of one server. */
const SERVER_START_STOP_SECONDS = 1.6;
export const BUDGET_SECONDS = 600;

export function estimateSeconds(scenarios: readonly Scenario[], config: BenchConfig): number {
  let seconds = 0;
  for (const scenario of scenarios) {
    if (scenario.skipped) continue;
    for (const target of scenario.targets) {
      const perRound = config.warmupSeconds + config.durationSeconds + (target.kind === 'http' ? SERVER_START_STOP_SECONDS : 0.3);
      seconds += perRound * config.rounds;
    }
  }
  return seconds;
}

export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
}
