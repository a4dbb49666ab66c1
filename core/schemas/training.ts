import { z } from 'zod';
import { id, isoDate, requiredText } from './common.ts';

/** Hours in the ledger: positive, in half hours (as courses are). */
const hours = z.number({ error: '请填写学时' }).positive('学时应大于 0').max(500, '学时不超过 500').multipleOf(0.5, '学时以 0.5 为单位').meta({ title: '学时' });

/** 外部培训: training outside the bases, entered by hand with its evidence. */
export const externalTrainingFields = z.object({
  personId: id('人员'),
  categoryId: id('培训类别'),
  hours,
  earnedOn: isoDate('培训日期'),
  provider: requiredText('培训机构', 100),
  note: requiredText('证明材料说明', 500),
});
export type ExternalTrainingInput = z.input<typeof externalTrainingFields>;
