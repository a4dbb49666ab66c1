import { useEffect, useState } from 'react';
import type { Output } from '../../api/client.ts';

/** How current a list the server computes off its request path is (学时达标 › 名单 and › 预测 answer alike). */
export type Freshness = Output<'compliance.list'>['freshness'];

/** While everyone is computed again on the server, the page asks again this often. */
export const RECHECK_MS = 2_000;

/**
 * The list's freshness as its last page said, and a key that changes every RECHECK_MS until it is
 * current: meanwhile the server answers the rows it had (or none yet), and the page asks again.
 */
export function useFreshness() {
  const [freshness, setFreshness] = useState<Freshness>({ state: 'current' });
  const [recheck, setRecheck] = useState(0);
  useEffect(() => {
    if (freshness.state === 'current') return;
    const timer = setTimeout(() => setRecheck((n) => n + 1), RECHECK_MS);
    return () => clearTimeout(timer);
  }, [freshness, recheck]);
  return { freshness, setFreshness, recheck };
}
