import { z } from 'zod';
import { id, listQuery, oneOf, readVersion, requiredText } from './common.ts';
import { ROLES } from '../permissions.ts';
import { passwordProblem } from '../password-policy.ts';

export { MIN_PASSWORD_LENGTH } from '../password-policy.ts';

/** A new password under the one rule (core/password-policy.ts); the username part is checked with the object. */
export const password = (label = '密码') =>
  z
    .string({ error: `请填写${label}` })
    .min(1, `请填写${label}`)
    .superRefine((value, ctx) => {
      const problem = passwordProblem(value, label);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ title: label });

/** For forms that carry both: the password must not be, nor contain, the username. */
export const passwordNotUsername = (label: string) => (value: { username: string; password: string }, ctx: z.RefinementCtx) => {
  if (passwordProblem(value.password, label) !== null) return; // already reported by the field
  const problem = passwordProblem(value.password, label, value.username);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['password'] });
};

export const username = z
  .string({ error: '请填写用户名' })
  .trim()
  .min(1, '请填写用户名')
  .max(40, '用户名不能超过 40 个字符')
  .regex(/^[A-Za-z0-9_.@-]+$/, '用户名只能包含字母、数字和 _ . @ -')
  .meta({ title: '用户名' });

export const setupShape = z.object({
  username,
  displayName: requiredText('姓名', 40),
  password: password(),
});
export const setupFields = setupShape.superRefine(passwordNotUsername('密码'));

export const loginFields = z.object({
  username: z.string({ error: '请填写用户名' }).trim().min(1, '请填写用户名').max(40, '用户名不能超过 40 个字符'),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(200, '密码不能超过 200 位'),
});

export const changePasswordFields = z.object({
  currentPassword: z.string({ error: '请填写当前密码' }).min(1, '请填写当前密码').max(200),
  newPassword: password('新密码'),
});

const baseIds = z.array(z.number().int().positive()).max(1000).default([]);

export const userFields = z
  .object({
    username,
    displayName: requiredText('姓名', 40),
    role: oneOf(ROLES, '角色'),
    password: password('初始密码'),
    baseIds,
  })
  .superRefine(passwordNotUsername('初始密码'));

export const userUpdate = z.object({
  id: id('用户'),
  version: readVersion,
  displayName: requiredText('姓名', 40),
  role: oneOf(ROLES, '角色'),
  baseIds,
});

export const resetPasswordFields = z.object({ id: id('用户'), password: password('新密码') });
export const unlockFields = z.object({ id: id('用户') });
export const setActiveFields = z.object({ id: id('用户'), version: readVersion, active: z.boolean({ error: '请选择是否启用' }) });
export const userList = listQuery(['username', 'displayName', 'role', 'lastLoginAt'] as const);
