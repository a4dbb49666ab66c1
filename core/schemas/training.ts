import { z } from 'zod';
import { halfHours, id, isoDate, requiredText } from './common.ts';

/** 外部培训: training outside the bases, entered by hand with its evidence. */
export const externalTrainingFields = z.object({
  personId: id('人员'),
  categoryId: id('培训类别'),
  hours: halfHours('学时'),
  earnedOn: isoDate('培训日期'),
  provider: requiredText('培训机构', 100),
  note: requiredText('证明材料说明', 500),
});
export type ExternalTrainingInput = z.input<typeof externalTrainingFields>;
