import { DomainError } from '@sparkmotion/shared/errors';
import { ChangePasswordInput, LoginInput, RegisterInput } from '@sparkmotion/shared/schemas/auth.schema';
import type { OrgRole } from '@sparkmotion/shared/schemas/common.schema';
import { audit } from '../audit/audit.ts';
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { Session } from './session.entity.ts';
import { issueSession } from './sessions.ts';
import { User } from './user.entity.ts';

export const authRouter = router({
  /** Opens an account (platform role CUSTOMER) and signs it in. */
  register: publicProcedure.input(RegisterInput).mutation(async ({ ctx, input }) => {
    const taken = await ctx.em.count(User, { email: input.email });
    if (taken) throw new DomainError('EMAIL_TAKEN', 'An account with this email exists');
    const user = ctx.em.create(User, {
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    });
    const session = issueSession(ctx.em, user.id, ctx.now(), ctx.deps.config.auth.sessionTtlMs);
    audit(
      { em: ctx.em, session: { userId: user.id } },
      { action: 'user.register', entity: 'user', entityId: user.id, after: { email: user.email, name: user.name } },
    );
    await ctx.em.flush();
    return { ...session, user: { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole } };
  }),

  login: publicProcedure.input(LoginInput).mutation(async ({ ctx, input }) => {
    const throttle = ctx.deps.loginThrottle;
    throttle.check(input.email, ctx.now().getTime());
    const user = await ctx.em.findOne(User, { email: input.email }, { populate: ['passwordHash'] });
    // Verify against a dummy hash when the email is unknown: the answer takes as long either way.
    const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) {
      throttle.recordFailure(input.email, ctx.now().getTime());
      throw new DomainError('INVALID_CREDENTIALS', 'Wrong email or password');
    }
    throttle.recordSuccess(input.email);
    const session = issueSession(ctx.em, user.id, ctx.now(), ctx.deps.config.auth.sessionTtlMs);
    await ctx.em.flush();
    return { ...session, user: { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole } };
  }),

  /** Revokes the session this request came with. */
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.em.nativeUpdate(Session, { id: ctx.session.sessionId }, { revokedAt: ctx.now() });
    return { ok: true as const };
  }),

  /** Revokes every session of the caller, on every device. */
  logoutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const revoked = await ctx.em.nativeUpdate(
      Session,
      { user: ctx.session.userId, revokedAt: null },
      { revokedAt: ctx.now() },
    );
    return { revoked };
  }),

  /** Changes the caller's password and ends every other session of theirs (this one stays signed in). */
  changePassword: authedProcedure.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
    const user = await ctx.em.findOneOrFail(User, { id: ctx.session.userId }, { populate: ['passwordHash'] });
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
      throw new DomainError('INVALID_CREDENTIALS', 'The current password is wrong');
    }
    user.passwordHash = await hashPassword(input.newPassword);
    audit(ctx, { action: 'user.changePassword', entity: 'user', entityId: user.id });
    await ctx.em.flush();
    const revoked = await ctx.em.nativeUpdate(
      Session,
      { user: user.id, revokedAt: null, id: { $ne: ctx.session.sessionId } },
      { revokedAt: ctx.now() },
    );
    return { otherSessionsEnded: revoked };
  }),

  me: authedProcedure.query(async ({ ctx }) => {
    const orgs = await ctx.em.getConnection().execute<Array<{ id: string; name: string; slug: string; role: OrgRole }>>(
      `select o.id, o.name, o.slug, m.role
         from org_members m join organizations o on o.id = m.org_id
        where m.user_id = ? order by o.name`,
      [ctx.session.userId],
    );
    const { userId, email, name, platformRole } = ctx.session;
    return { user: { id: userId, email, name, platformRole }, orgs };
  }),
});
