import { defineEntity, p } from '@mikro-orm/core';
import { PlatformRole } from '@sparkmotion/shared/schemas/common.schema';
import { idColumn, timestampColumns } from '../db/columns.ts';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    ...idColumn(),
    /** Stored lower-cased; unique. */
    email: p.string().unique(),
    name: p.string(),
    platformRole: p.enum(PlatformRole.options).default('CUSTOMER'),
    /** `scrypt$N$r$p$salt$hash`, never the password. */
    passwordHash: p.string().hidden().lazy(),
    ...timestampColumns(),
  },
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);
