import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Stack, Typography } from '@mui/material';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';
import { StandardCityPicker, type DivisionProvince, type DivisionUnit } from './StandardCityPicker.tsx';

/** 按国家标准导入: pick a province and a city; see how many regions it adds; add them in one go. */
export function StandardRegionsDialog({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(): void }) {
  const { t } = useI18n();
  const { data, reload: reloadDivisions } = useCall('regions.standardDivisions', {}, open);
  const [province, setProvince] = useState<DivisionProvince | null>(null);
  const [unit, setUnit] = useState<DivisionUnit | null>(null);
  const [asAssociationCity, setAsAssociationCity] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const preview = useCall('regions.standardPreview', { unitCode: unit?.code ?? '' }, open && !!unit);
  useEffect(() => {
    if (!open) return;
    setProvince(null);
    setUnit(null);
    setError(null);
    setDone(null);
  }, [open]);
  // The first city added becomes the association's city unless one is already chosen.
  useEffect(() => setAsAssociationCity(!!data && !data.associationCity), [data]);

  const confirm = async () => {
    if (!unit) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call('regions.importStandard', { unitCode: unit.code, setAsAssociationCity: asAssociationCity });
      setDone(t('region.standardDone', { name: result.city.name, n: result.total.toLocaleString('zh-CN'), kept: result.kept.toLocaleString('zh-CN') }));
      preview.reload();
      reloadDivisions(); // the association's city may have changed
      onImported();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const p = preview.data;
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="standard-regions-title">
      <DialogTitle id="standard-regions-title">{t('region.standardTitle')}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Typography variant="body2">{t('region.standardIntro')}</Typography>
          <StandardCityPicker
            provinces={data?.provinces ?? []}
            province={province}
            unit={unit}
            disabled={busy}
            onChange={(pr, u) => {
              setProvince(pr);
              setUnit(u);
              setDone(null);
            }}
          />
          {unit && p && (
            <Alert severity={p.total ? 'info' : 'success'}>
              {p.total
                ? t('region.standardPreview', {
                    n: p.total.toLocaleString('zh-CN'),
                    districts: p.added.district.toLocaleString('zh-CN'),
                    towns: p.added.town.toLocaleString('zh-CN'),
                    kept: p.kept.toLocaleString('zh-CN'),
                  })
                : t('region.standardNothing', { name: p.city.name })}
            </Alert>
          )}
          {data && (
            <FormControlLabel
              control={<Checkbox checked={asAssociationCity} onChange={(e) => setAsAssociationCity(e.target.checked)} disabled={busy} />}
              label={data.associationCity ? t('region.standardSetCityReplace', { name: data.associationCity.name }) : t('region.standardSetCity')}
            />
          )}
          {error && <Alert severity="error">{error}</Alert>}
          {done && <Alert severity="success">{done}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {t(done ? 'common.close' : 'common.cancel')}
        </Button>
        <Button variant="contained" disabled={busy || !unit || !p || (p.total === 0 && !asAssociationCity)} onClick={() => void confirm()}>
          {t('region.standardConfirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
