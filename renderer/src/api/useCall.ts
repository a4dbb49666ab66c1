import { useCallback, useEffect, useState } from 'react';
import { call, type Input, type OperationName, type Output } from './client.ts';
import { useKindsVersion } from './dataVersion.tsx';
import { kindsOf } from './liveKinds.ts';

const sameAnswer = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export interface CallState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Runs a query operation when its input changes, and again when another user changed what it shows; `reload` runs it again after a change. */
export function useCall<N extends OperationName>(name: N, input: Input<N>, enabled = true): CallState<Output<N>> {
  const key = JSON.stringify(input);
  const [state, setState] = useState<{ data?: Output<N>; error?: Error; loading: boolean }>({ loading: enabled });
  const [generation, setGeneration] = useState(0);
  const live = useKindsVersion(kindsOf(name));
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    call(name, JSON.parse(key) as Input<N>).then(
      // An answer equal to the one shown keeps its object: a refresh that changed nothing re-renders nothing below.
      (data) =>
        live && setState((s) => (s.data !== undefined && !s.error && sameAnswer(s.data, data) ? { data: s.data, loading: false } : { data, loading: false })),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [name, key, generation, live, enabled]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
