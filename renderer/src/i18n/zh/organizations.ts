/** 简体中文 · organizations. Labels of the vocabularies in domain/ are not here: domain-labels.ts derives them. */
export const messages = {
  'organization.title': '机构',
  'organization.create': '新增机构',
  'organization.edit': '修改机构',
  'organization.name': '机构名称',
  'organization.kind': '机构类型',
  'organization.creditCode': '统一社会信用代码',
  'organization.region': '所在区划',
  'organization.address': '地址',
  'organization.contactName': '联系人',
  'organization.contactPhone': '联系电话',
  'organization.peopleCount': '人员数',
  'organization.searchPlaceholder': '机构名称片段',
  'organization.empty': '尚无机构：点击“新增机构”登记社工服务机构、事业单位或社区',
} as const;
