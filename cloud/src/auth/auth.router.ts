import { ChangePasswordInput, LoginInput, RegisterInput } from '@sparkmotion/shared/schemas/auth.schema';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import { changePassword, login, logout, logoutEverywhere, me, register } from './auth.service.ts';

export const authRouter = router({
  register: publicProcedure
    .input(RegisterInput)
    .mutation(({ ctx, input }) => register(ctx, input, ctx.deps.newAccountThrottle)),
  login: publicProcedure
    .input(LoginInput)
    .mutation(({ ctx, input }) => login(ctx, input, ctx.deps.loginThrottle, ctx.deps.config.auth.sessionTtlMs)),
  logout: authedProcedure.mutation(({ ctx }) => logout(ctx)),
  logoutEverywhere: authedProcedure.mutation(({ ctx }) => logoutEverywhere(ctx)),
  changePassword: authedProcedure
    .input(ChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, input, ctx.deps.loginThrottle)),
  me: authedProcedure.query(({ ctx }) => me(ctx)),
});
