import { useEffect, useMemo } from 'react';
import { useCall } from '../../api/useCall.ts';
import type { Option } from '../../components/fields.tsx';

/** Organizations for pickers; reloaded whenever `fresh` turns true. */
export function useOrganizationOptions(fresh = true) {
  const { data, reload } = useCall('organizations.options', {});
  useEffect(() => {
    if (fresh) reload();
  }, [fresh, reload]);
  return useMemo<Option<number>[]>(() => (data ?? []).map((o) => ({ value: o.id, label: o.name })), [data]);
}
