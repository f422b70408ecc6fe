/** Dates as a resident reads them: "2026年5月3日 14:05" / "May 3, 2026, 2:05 PM". */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** The invite link to share: the server's absolute URL when it gives one, else this site's /join/CODE. */
export function inviteLink(invite: { code: string; url?: string | null }, origin: string): string {
  if (invite.url && /^https?:\/\//.test(invite.url)) return invite.url;
  if (invite.url && invite.url.startsWith('/')) return `${origin}${invite.url}`;
  return `${origin}/join/${encodeURIComponent(invite.code)}`;
}
