import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** Bumped after changes that touch many screens at once (e.g. loading example data) so lists reload. */
const DataVersionContext = createContext<{ version: number; bump(): void }>({ version: 0, bump: () => {} });

export function DataVersionProvider({ children }: { children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const value = useMemo(() => ({ version, bump }), [version, bump]);
  return <DataVersionContext.Provider value={value}>{children}</DataVersionContext.Provider>;
}

export const useDataVersion = () => useContext(DataVersionContext);
