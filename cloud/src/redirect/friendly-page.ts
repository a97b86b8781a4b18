/**
 * The small page an attendee sees when a tap cannot go anywhere useful: never a stack trace, never a
 * bare error. Static strings built once; nothing from the request is echoed into the HTML.
 */
const page = (title: string, message: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;padding:1rem;color:#222;text-align:center}main{max-width:28rem}h1{font-size:1.4rem}</style></head><body><main><h1>${title}</h1><p>${message}</p></main></body></html>`;

export const NOT_FOUND_PAGE = page(
  'This wristband is not active',
  'We could not find this wristband. If you think this is a mistake, please ask the event staff.',
);

export const UNAVAILABLE_PAGE = page(
  'Almost there',
  'We could not open this wristband’s page right now. Please tap again in a moment.',
);
