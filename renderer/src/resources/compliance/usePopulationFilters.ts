import { useState } from 'react';
import type { CertificateLevelFilter, PopulationFilterProps } from './PopulationFilters.tsx';

/**
 * The state of PopulationFilters, which 学时达标 › 名单 and › 预测 both show: `props` for the
 * component, `query` for the list's request (an unset filter is left out).
 */
export function usePopulationFilters() {
  const [certificateLevel, setCertificateLevel] = useState<CertificateLevelFilter | ''>('');
  const [regionId, setRegionId] = useState<number | ''>('');
  const [organizationId, setOrganizationId] = useState<number | ''>('');
  const props: PopulationFilterProps = {
    certificateLevel,
    onCertificateLevel: setCertificateLevel,
    regionId,
    onRegionId: setRegionId,
    organizationId,
    onOrganizationId: setOrganizationId,
  };
  const query = {
    regionId: regionId || undefined,
    organizationId: organizationId || undefined,
    certificateLevel: certificateLevel || undefined,
  };
  return { props, query };
}
