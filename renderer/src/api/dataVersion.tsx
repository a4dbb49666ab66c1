import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ChangeKind } from '../../../domain/change-kinds.ts';

interface DataVersion {
  /** Bumped after changes that touch many screens at once (example data, an import, a restore, a reconnect) so lists reload. */
  version: number;
  bump(): void;
  /** Per kind of record: bumped when a change notice names it (renderer/src/api/LiveChanges.tsx). */
  kinds: Readonly<Partial<Record<ChangeKind, number>>>;
  bumpKinds(kinds: readonly ChangeKind[]): void;
}

const DataVersionContext = createContext<DataVersion>({ version: 0, bump: () => {}, kinds: {}, bumpKinds: () => {} });

export function DataVersionProvider({ children }: { children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const [kinds, setKinds] = useState<Partial<Record<ChangeKind, number>>>({});
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const bumpKinds = useCallback((changed: readonly ChangeKind[]) => {
    if (changed.length) setKinds((k) => Object.fromEntries([...Object.entries(k), ...changed.map((kind) => [kind, (k[kind] ?? 0) + 1])]));
  }, []);
  const value = useMemo(() => ({ version, bump, kinds, bumpKinds }), [version, bump, kinds, bumpKinds]);
  return <DataVersionContext.Provider value={value}>{children}</DataVersionContext.Provider>;
}

export const useDataVersion = () => useContext(DataVersionContext);

/** A number that changes whenever data of these kinds (or everything) changed: put it in a fetch's dependencies. */
export function useKindsVersion(kinds: readonly ChangeKind[]): number {
  const { version, kinds: versions } = useDataVersion();
  return kinds.reduce((sum, kind) => sum + (versions[kind] ?? 0), version);
}
