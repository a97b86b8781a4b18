/**
 * Text the product can store and send: no NUL (PostgreSQL's text refuses it) and no lone UTF-16
 * surrogate (not encodable as UTF-8: PostgreSQL refuses it, and JSON round trips mangle it). Checked by the
 * `CleanText` schema (schemas/common.schema.ts) that every free-text field of every input is made of.
 */
export const isCleanText = (value: string): boolean => !value.includes('\u0000') && value.isWellFormed();

export const CLEAN_TEXT_MESSAGE = 'contains a NUL character or an unpaired surrogate';
