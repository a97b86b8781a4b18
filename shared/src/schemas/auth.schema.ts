import { z } from 'zod';
import { CleanText, Email } from './common.schema.ts';

export const Password = z.string().min(10, 'at least 10 characters').max(200);

export const RegisterInput = z.object({
  email: Email,
  name: CleanText.trim().min(1).max(200),
  password: Password,
});
export const LoginInput = z.object({ email: Email, password: z.string().min(1).max(200) });
export const ChangePasswordInput = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password });
