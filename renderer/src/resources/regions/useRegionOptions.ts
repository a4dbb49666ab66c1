import { useEffect, useMemo } from 'react';
import { useCall } from '../../api/useCall.ts';
import type { Option } from '../../components/fields.tsx';

/**
 * Regions for pickers, labelled with their parent so that same-named towns stay apart.
 * Reloaded whenever `fresh` turns true (a dialog opening), so new regions show up.
 */
export function useRegionOptions(fresh = true) {
  const { data, reload } = useCall('regions.options', {});
  useEffect(() => {
    if (fresh) reload();
  }, [fresh, reload]);
  const options = useMemo<Option<number>[]>(
    () => (data ?? []).map((r) => ({ value: r.id, label: r.parentName ? `${r.parentName} / ${r.name}` : r.name })),
    [data],
  );
  return { options, regions: data ?? [] };
}
