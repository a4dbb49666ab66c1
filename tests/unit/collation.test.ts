import { describe, expect, it } from 'vitest';
import { compareNames, comparePersonNames, pinyinKey } from '../../core/collation.ts';

describe('names in pinyin order (core/collation.ts)', () => {
  it('sorts by pinyin, not by character code: 黄 huang before 李 li', () => {
    expect(['李伟强', '黄小燕'].sort()).toEqual(['李伟强', '黄小燕']); // character code: the order users saw
    expect(['李伟强', '黄小燕'].sort(compareNames)).toEqual(['黄小燕', '李伟强']);
  });

  it('reads polyphonic surnames as surnames: 单 shan, 曾 zeng, 解 xie, 区 ou', () => {
    expect(pinyinKey('单雄')).toBe('shanxiong');
    expect(pinyinKey('曾志伟')).toBe('zengzhiwei');
    // As plain words they would be dan and ceng: 单雄 before 丁一, 曾志伟 before 陈晓明.
    expect(['曾志伟', '丁一', '单雄', '陈晓明', '区家明', '解小东', '李伟强', '黄小燕'].sort(compareNames)).toEqual([
      '陈晓明',
      '丁一',
      '黄小燕',
      '李伟强',
      '区家明',
      '单雄',
      '解小东',
      '曾志伟',
    ]);
  });

  it('orders the same pinyin by the characters, so that the order is total', () => {
    expect(['李明', '黎明', '李明'].sort(compareNames)).toEqual(['李明', '李明', '黎明'].sort(compareNames));
    expect(compareNames('黎明', '李明')).not.toBe(0);
  });

  it('orders rows by their stored key (the list and its export)', () => {
    const rows = [
      { personName: '李伟强', namePinyin: 'liweiqiang' },
      { personName: '黄小燕', namePinyin: 'huangxiaoyan' },
    ];
    expect(rows.sort(comparePersonNames).map((r) => r.personName)).toEqual(['黄小燕', '李伟强']);
  });
});
