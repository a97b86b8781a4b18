import {
  WindowCreateInput,
  WindowDeleteInput,
  WindowListInput,
  WindowSaveInput,
  WindowUpdateInput,
} from '@sparkmotion/shared/schemas/windows.schema';
import { orgProcedure, router } from '../trpc/init.ts';
import { createWindow, deleteWindow, listWindows, saveWindows, updateWindow } from './windows.service.ts';

export const windowsRouter = router({
  list: orgProcedure('VIEWER')
    .input(WindowListInput)
    .query(({ ctx, input }) => listWindows(ctx, input)),
  create: orgProcedure('EDITOR')
    .input(WindowCreateInput)
    .mutation(({ ctx, input }) => createWindow(ctx, input)),
  update: orgProcedure('EDITOR')
    .input(WindowUpdateInput)
    .mutation(({ ctx, input }) => updateWindow(ctx, input)),
  /** All of an event's window changes as one; the resulting set must be valid as a whole. */
  save: orgProcedure('EDITOR')
    .input(WindowSaveInput)
    .mutation(({ ctx, input }) => saveWindows(ctx, input)),
  delete: orgProcedure('EDITOR')
    .input(WindowDeleteInput)
    .mutation(({ ctx, input }) => deleteWindow(ctx, input)),
});
