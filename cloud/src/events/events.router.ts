import {
  EventCreateInput,
  EventDeleteInput,
  EventDuplicateInput,
  EventGetInput,
  EventListInput,
  EventUpdateInput,
} from '@sparkmotion/shared/schemas/events.schema';
import { orgProcedure, router } from '../trpc/init.ts';
import { createEvent, deleteEvent, duplicateEvent, getEvent, listEvents, updateEvent } from './events.service.ts';

export const eventsRouter = router({
  create: orgProcedure('EDITOR')
    .input(EventCreateInput)
    .mutation(({ ctx, input }) => createEvent(ctx, input)),
  get: orgProcedure('VIEWER')
    .input(EventGetInput)
    .query(({ ctx, input }) => getEvent(ctx, input)),
  list: orgProcedure('VIEWER')
    .input(EventListInput)
    .query(({ ctx, input }) => listEvents(ctx, input)),
  update: orgProcedure('EDITOR')
    .input(EventUpdateInput)
    .mutation(({ ctx, input }) => updateEvent(ctx, input)),
  delete: orgProcedure('EDITOR')
    .input(EventDeleteInput)
    .mutation(({ ctx, input }) => deleteEvent(ctx, input)),
  duplicate: orgProcedure('EDITOR')
    .input(EventDuplicateInput)
    .mutation(({ ctx, input }) => duplicateEvent(ctx, input)),
});
