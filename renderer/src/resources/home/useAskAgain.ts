import { useEffect } from 'react';

/** While figures are being computed again on the server (the ledger's sums, in a worker thread), they are asked again every 2 s. */
export function useAskAgainWhile(refreshing: boolean, reload: () => void): void {
  useEffect(() => {
    if (!refreshing) return;
    const again = setInterval(reload, 2_000);
    return () => clearInterval(again);
  }, [refreshing, reload]);
}
