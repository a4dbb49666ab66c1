/** 简体中文 · 服务履历 (a person's organizations and posts over time, issue 22). */
export const messages = {
  'serviceHistory.tab': '服务履历',
  'serviceHistory.hint': '所在机构或岗位等级每次变更（人员表单或名册导入）记录一条；督导对象和学员的所在机构按相关日期从这里读取。',
  'serviceHistory.from': '起',
  'serviceHistory.to': '止',
  'serviceHistory.current': '至今',
  'serviceHistory.organization': '所在机构',
  'serviceHistory.post': '岗位等级',
  'serviceHistory.source': '来源',
  'serviceHistory.recorded': '记录人 · 时间',
  'serviceHistory.none': '（无）',
  'serviceHistory.changedOn': '变更生效日期',
  'serviceHistory.changedOnHelp': '所在机构或岗位等级的实际变更日期，记入服务履历；留空为今天',
  'serviceHistory.empty': '尚无服务履历：为该人员填写所在机构或岗位等级后开始记录',
} as const;
