import type { Input } from '../../api/client.ts';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { useOrganizationOptions } from '../organizations/useOrganizationOptions.ts';

export type CertificateLevelFilter = NonNullable<Input<'compliance.list'>['certificateLevel']>;

export interface PopulationFilterProps {
  certificateLevel: CertificateLevelFilter | '';
  onCertificateLevel: (v: CertificateLevelFilter | '') => void;
  regionId: number | '';
  onRegionId: (v: number | '') => void;
  organizationId: number | '';
  onOrganizationId: (v: number | '') => void;
}

/** Whom 学时达标 and its forecast are about: certificate level, region, organization (the filters both screens share; their state: usePopulationFilters). */
export function PopulationFilters(props: PopulationFilterProps) {
  const { t, label } = useI18n();
  const { options: regions } = useRegionOptions();
  const organizations = useOrganizationOptions();
  return (
    <>
      <FilterSelect<CertificateLevelFilter>
        label={t('certificate.level')}
        value={props.certificateLevel}
        allLabel={t('common.all')}
        options={[
          ...(['senior', 'social_worker', 'assistant', 'worker'] as const).map((v) => ({ value: v, label: label('certLevel', v) })),
          { value: 'none', label: t('compliance.noCertificateShort') },
        ]}
        onChange={props.onCertificateLevel}
      />
      <FilterSelect<number>
        label={t('person.region')}
        value={props.regionId}
        allLabel={t('supervisor.allRegions')}
        options={regions}
        onChange={props.onRegionId}
      />
      <FilterSelect<number>
        label={t('person.organization')}
        value={props.organizationId}
        allLabel={t('certificate.allOrganizations')}
        options={organizations}
        onChange={props.onOrganizationId}
        minWidth={180}
      />
    </>
  );
}
