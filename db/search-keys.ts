import { pinyin } from 'pinyin-pro';

export interface NameSearchKeys {
  namePinyin: string;
  nameInitials: string;
}

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
