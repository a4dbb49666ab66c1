/** 简体中文 · conflicts: a save refused because someone else changed the record first (core/versions.ts). */
export const messages = {
  'conflict.title': '{by} 于 {at} 修改了这条记录',
  'conflict.intro': '以下内容与您填写的不同，请逐项选择保留哪一个，然后再次保存：',
  'conflict.none': '对方修改的内容不在本表单中，您可以直接再次保存。',
  'conflict.mine': '我的',
  'conflict.theirs': '对方的',
  'conflict.keepMine': '保留我的',
  'conflict.takeTheirs': '采用对方的',
  'conflict.empty': '（空）',
  'conflict.yes': '是',
  'conflict.no': '否',
  'conflict.reloaded': '已重新载入最新内容，请核对后再操作。',
} as const;
