import { useCallback, useRef, useState } from 'react';
import { problemOf, type Problem } from './problem';

export type ActionState<Result> =
  | { readonly status: 'idle' }
  | { readonly status: 'pending' }
  | { readonly status: 'done'; readonly result: Result }
  | { readonly status: 'failed'; readonly problem: Problem };

export interface Action<Args extends unknown[], Result> {
  readonly state: ActionState<Result>;
  readonly pending: boolean;
  /** Runs the action unless a run is in flight; resolves once it has settled, never rejects. */
  run(...args: Args): Promise<void>;
  reset(): void;
}

/**
 * A server call started by the user. Only one runs at a time: the ref refuses a second run at
 * once, before React has re-rendered the button as disabled (a fast double click lands both
 * clicks before that render).
 */
export function useAction<Args extends unknown[], Result>(perform: (...args: Args) => Promise<Result>): Action<Args, Result> {
  const [state, setState] = useState<ActionState<Result>>({ status: 'idle' });
  const inFlight = useRef(false);
  const run = useCallback(
    async (...args: Args) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setState({ status: 'pending' });
      try {
        setState({ status: 'done', result: await perform(...args) });
      } catch (error) {
        setState({ status: 'failed', problem: problemOf(error) });
      } finally {
        inFlight.current = false;
      }
    },
    [perform],
  );
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, pending: state.status === 'pending', run, reset };
}
