/**
 * The mutations a desktop may queue offline, by name, with the zod schema of their arguments.
 * A mutation names the rows it touches by ids the client chose (band ids are minted offline, window
 * ids are UUIDs), so it can be applied locally at once and replayed on the server later unchanged.
 */
import { z } from 'zod';
import { Attendee } from '../schemas/bands.schema.ts';
import {
  BandIdSchema as bandId,
  CleanText,
  HttpUrl,
  Timezone,
  TagUid as tagUid,
  WindowKind,
} from '../schemas/common.schema.ts';

/** Instants stay ISO strings in the outbox and on the wire (JSON); the cloud turns them into Dates. */
const instant = z.iso.datetime({ offset: true });

/**
 * How a band encoded at a desk proves its taps (docs/tap-trust.md): NTAG21X_MIRROR when the station wrote
 * the UID + counter mirror, NTAG424_SUN when it personalised an NTAG 424 DNA with the organization's keys
 * (and verified a SUN before registering it), NONE for a plain URL.
 */
export const DeskBandTrust = z.enum(['NONE', 'NTAG21X_MIRROR', 'NTAG424_SUN']);
export type DeskBandTrust = z.infer<typeof DeskBandTrust>;

export const BandRegisterArgs = z.object({
  bandId,
  uid: tagUid,
  eventId: z.uuid(),
  stationId: CleanText.min(1).max(64),
  registeredAt: instant,
  /** Optional: mutations queued before desks reported it still parse (the cloud then stores NONE). */
  trust: DeskBandTrust.optional(),
  /**
   * The version of the organization's secret the band was written with (an NTAG 424 DNA's keys derive from
   * that version of the master key, an NTAG21x's password from that version of the NTAG secret). Absent: 1.
   */
  secretVersion: z.number().int().min(1).max(255).optional(),
});
export type BandRegisterArgs = z.infer<typeof BandRegisterArgs>;

/**
 * A lost band replaced at a desk (lost & replace): `bandId` is the replacement, minted offline for the
 * organization and encoded on the tag `uid`; the lost band becomes LOST, points to it, and hands it its
 * attendee. The cloud places the replacement in the lost band's event (`eventId` is the one the desk saw).
 */
export const BandReplaceArgs = BandRegisterArgs.extend({ lostBandId: bandId, eventId: z.uuid().optional() });
export type BandReplaceArgs = z.infer<typeof BandReplaceArgs>;

export const BandReassignArgs = z.object({ bandId, eventId: z.uuid() });
export type BandReassignArgs = z.infer<typeof BandReassignArgs>;

/**
 * Takes the tag off a band before the tag carries a new band (overwrite confirmed by staff): the old band
 * keeps its history but loses its UID and is DISABLED, so the tag can be registered again.
 */
export const BandReleaseArgs = z.object({ bandId, uid: tagUid });
export type BandReleaseArgs = z.infer<typeof BandReleaseArgs>;

/** The attendee fields a desk changed: a named field replaces the cloud's (null clears it), the others stay. */
export const AttendeePatch = z
  .object({
    name: Attendee.shape.name,
    email: Attendee.shape.email,
    ticketCode: Attendee.shape.ticketCode,
  })
  .refine((patch) => Object.keys(patch).length > 0, 'empty patch');
export type AttendeePatch = z.infer<typeof AttendeePatch>;

/** Links a band to a person (or changes the link) field by field; `attendee: null` unlinks it. */
export const BandSetAttendeeArgs = z.object({ bandId, attendee: AttendeePatch.nullable() });
export type BandSetAttendeeArgs = z.infer<typeof BandSetAttendeeArgs>;

/** The event settings a desk may change offline; each field is merged on its own (see rules.ts). */
export const EventSettingsPatch = z
  .object({
    name: CleanText.trim().min(1).max(200),
    timezone: Timezone,
    fallbackUrl: HttpUrl,
    overrideMode: WindowKind.nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'empty patch');
export type EventSettingsPatch = z.infer<typeof EventSettingsPatch>;

export const EventUpdateArgs = z.object({ eventId: z.uuid(), patch: EventSettingsPatch });
export type EventUpdateArgs = z.infer<typeof EventUpdateArgs>;

export const WindowFields = z.object({
  kind: WindowKind,
  url: HttpUrl,
  startsAt: instant,
  endsAt: instant,
});
export const WindowCreateArgs = WindowFields.extend({ windowId: z.uuid(), eventId: z.uuid() }).refine(
  (w) => Date.parse(w.startsAt) < Date.parse(w.endsAt),
  'a window must end after it starts',
);
export type WindowCreateArgs = z.infer<typeof WindowCreateArgs>;

export const WindowUpdateArgs = z.object({
  windowId: z.uuid(),
  patch: WindowFields.partial().refine((patch) => Object.keys(patch).length > 0, 'empty patch'),
});
export type WindowUpdateArgs = z.infer<typeof WindowUpdateArgs>;

export const WindowDeleteArgs = z.object({ windowId: z.uuid() });
export type WindowDeleteArgs = z.infer<typeof WindowDeleteArgs>;

/**
 * An event's windows saved as one change: the windows written (new or changed, whole) and the ones
 * removed. The event's resulting windows are validated as a set, so moving one boundary (LIVE's end and
 * POST's start together) never passes through an overlapping state.
 */
export const WindowsSaveArgs = z
  .object({
    eventId: z.uuid(),
    put: z
      .array(
        WindowFields.extend({ windowId: z.uuid() }).refine(
          (w) => Date.parse(w.startsAt) < Date.parse(w.endsAt),
          'a window must end after it starts',
        ),
      )
      .max(50),
    remove: z.array(z.uuid()).max(50),
  })
  .refine((a) => a.put.length + a.remove.length > 0, 'nothing to save')
  .refine((a) => new Set([...a.put.map((w) => w.windowId), ...a.remove]).size === a.put.length + a.remove.length, {
    message: 'a window is named twice',
  });
export type WindowsSaveArgs = z.infer<typeof WindowsSaveArgs>;

export const mutationArgs = {
  'band.register': BandRegisterArgs,
  'band.reassign': BandReassignArgs,
  'band.release': BandReleaseArgs,
  'band.replace': BandReplaceArgs,
  'band.setAttendee': BandSetAttendeeArgs,
  'event.update': EventUpdateArgs,
  'window.create': WindowCreateArgs,
  'window.update': WindowUpdateArgs,
  'window.delete': WindowDeleteArgs,
  'windows.save': WindowsSaveArgs,
} as const;

export const MutationName = z.enum(Object.keys(mutationArgs) as [keyof typeof mutationArgs]);
export type MutationName = z.infer<typeof MutationName>;
export type MutationArgs<N extends MutationName> = z.infer<(typeof mutationArgs)[N]>;

/** A mutation as the outbox holds it and the push carries it. */
export type Mutation = {
  [N in MutationName]: { mutationId: number; name: N; args: MutationArgs<N> };
}[MutationName];

/** Parses a mutation's arguments by its name; throws a ZodError on bad input. */
export function parseMutation(raw: { mutationId: number; name: string; args: unknown }): Mutation {
  const name = MutationName.parse(raw.name);
  return { mutationId: raw.mutationId, name, args: mutationArgs[name].parse(raw.args) } as Mutation;
}

/** The rows a mutation writes, as `entity:id` keys: what a rebase must reset before replaying it. */
export function mutationKeys(mutation: Mutation): string[] {
  switch (mutation.name) {
    case 'band.register':
    case 'band.reassign':
    case 'band.release':
    case 'band.setAttendee':
      return [`band:${mutation.args.bandId}`];
    case 'band.replace':
      return [`band:${mutation.args.lostBandId}`, `band:${mutation.args.bandId}`];
    case 'event.update':
      return [`event:${mutation.args.eventId}`];
    case 'window.create':
    case 'window.update':
    case 'window.delete':
      return [`window:${mutation.args.windowId}`];
    case 'windows.save':
      return [...mutation.args.put.map((w) => w.windowId), ...mutation.args.remove].map((id) => `window:${id}`);
  }
}
