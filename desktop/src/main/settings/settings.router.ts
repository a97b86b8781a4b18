import { observable } from '@trpc/server/observable';
import { publicProcedure, router } from '../trpc.ts';
import { type Settings, SettingsPatch, type SettingsStore } from './settings.ts';

/** Settings screen: read, change, and follow changes (another window or the host may change them). */
export function createSettingsRouter(store: SettingsStore) {
  return router({
    get: publicProcedure.query(() => store.get()),
    update: publicProcedure.input(SettingsPatch).mutation(({ input }) => store.update(input)),
    onChange: publicProcedure.subscription(() =>
      observable<Settings>((emit) => store.onChange((settings) => emit.next(settings))),
    ),
  });
}
