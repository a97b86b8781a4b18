export * from './bands/band-id.ts';
export * from './errors.ts';
