/** CSV of bands as the export writes it: RFC 4180 quoting, a header row, one band per line. */
export function bandsToCsv(
  bands: ReadonlyArray<{
    bandId: string;
    uid?: string | null;
    status: string;
    stationId?: string | null;
    registeredAt?: string | null;
  }>,
): string {
  const quote = (value: string | null | undefined) => {
    const text = value ?? '';
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [['bandId', 'uid', 'status', 'stationId', 'registeredAt'].join(',')];
  for (const b of bands) lines.push([b.bandId, b.uid, b.status, b.stationId, b.registeredAt].map(quote).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
