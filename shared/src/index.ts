export * from './bands/band-id.ts';
export * from './errors.ts';
export * from './modes/resolve-mode.ts';
export * from './modes/window-overlap.ts';
export * from './time/zoned.ts';
