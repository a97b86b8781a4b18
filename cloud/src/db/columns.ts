/**
 * Columns every table shares, composed into each entity's properties (not inherited).
 * Ids are UUIDs minted by whoever creates the row, so a desktop can create rows offline.
 */
import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';

export const idColumn = () => ({
  id: p
    .uuid()
    .primary()
    .onCreate(() => randomUUID()),
});

export const timestampColumns = () => ({
  createdAt: p
    .datetime()
    .onCreate(() => new Date())
    .fieldName('created_at'),
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date())
    .fieldName('updated_at'),
});

/**
 * The change-feed cursor of a sync-visible row. Written by a database trigger from one global sequence on
 * every insert and update (see the core migration), never by the application: reading it after a flush
 * needs a refresh.
 */
export const versionColumn = () => ({
  version: p.bigint('string').nullable().fieldName('version'),
});
