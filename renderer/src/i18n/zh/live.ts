/** 简体中文 · 实时更新: other users' changes reaching open screens. */
export const messages = {
  'live.reconnecting': '与程序的实时连接已中断，正在重新连接…（列表可能不是最新的）',
  'live.changedElsewhere': '该记录已被其他用户修改',
  'live.loadLatest': '载入最新内容',
  'live.cycleChanged': '{name} 刚刚更改了此周期（{status}）',
};
