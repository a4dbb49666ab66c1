import { pinyin } from 'pinyin-pro';

export interface NameSearchKeys {
  namePinyin: string;
  nameInitials: string;
}

/**
 * People's names in pinyin order (黄 huang before 李 li), in SQL: by the full-pinyin key stored with
 * every person (nameSearchKeys, migration 0003, indexed by 0015), then by the characters (同音字).
 * core/collation.ts orders names in memory by the same key.
 */
export const personNameOrder = (alias: string): string => `${alias}.name_pinyin, ${alias}.name`;

/**
 * Search keys derived from a Chinese name at write time, so that the search box matches full
 * pinyin (`chenxiaoming`) and initials (`cxm`) without per-query work. Surname mode reads
 * polyphonic surnames right (单 shan, 曾 zeng, 解 xie, 区 ou); ü is written v.
 */
export function nameSearchKeys(name: string): NameSearchKeys {
  const syllables = (pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true }) as string[])
    .map((s) => s.toLowerCase().replace(/[^a-z]/g, ''))
    .filter(Boolean);
  return { namePinyin: syllables.join(''), nameInitials: syllables.map((s) => s[0]).join('') };
}
