/** Small pieces the street's screens share: kind and state badges, who wrote it, how long ago. */
import { useTranslation } from 'react-i18next';
import { formatterFor } from '../../format.ts';
import { ago, partyText, statusBadge } from './post-text.ts';
import type { Party, PostKind, StreetPost, StreetRole } from './types.ts';
import './street.css';

/** "1-302 楼长" / "1-302 (Volunteer)", the role alone, or 邻居 when there is nothing to say. */
export function usePartyText(): (party: Party) => string {
  const { t } = useTranslation();
  return (party: Party) =>
    partyText(
      party,
      (role: StreetRole) => t(`roles.${role}`),
      (label, role) => t('street.withRole', { label, role }),
    ) || t('street.someone');
}

export function KindBadge({ kind }: { kind: PostKind }) {
  const { t } = useTranslation();
  return <span className={`badge street-kind street-kind-${kind}`}>{t(`street.kind.${kind}`)}</span>;
}

/** 等人帮忙 / 有人帮忙（1-302）/ 已解决 / 已关闭; nothing for an open post that is not a need. */
export function PostStatusBadge({ post }: { post: Pick<StreetPost, 'kind' | 'status' | 'helper'> }) {
  const { t } = useTranslation();
  const badge = statusBadge(post);
  if (!badge) return null;
  // The helper as the status names them: the household, or the role of one who has none.
  const who = post.helper
    ? (post.helper.label ?? (post.helper.role ? t(`roles.${post.helper.role}`) : ''))
    : '';
  return (
    <span className={`badge street-status street-status-${badge}`} data-testid="post-status">
      {badge === 'taken' && who ? t('street.status.taken', { who }) : t(`street.status.${badge}`)}
    </span>
  );
}

/** 刚刚, 5 分钟前 … and past a week the date; the exact time in the title. */
export function Ago({ iso, now }: { iso: string; now: number }) {
  const { t, i18n } = useTranslation();
  const a = ago(iso, now);
  const exact = Number.isNaN(Date.parse(iso))
    ? iso
    : formatterFor('dayTime', i18n.language).format(new Date(iso));
  return (
    <time dateTime={iso} title={exact}>
      {a.unit === 'date'
        ? exact
        : a.unit === 'justNow'
          ? t('street.ago.justNow')
          : t(`street.ago.${a.unit}`, { count: a.count })}
    </time>
  );
}

/** Who wrote it, the role they held, and when: "2-503 · 5 分钟前", "我" for one's own. */
export function Byline({
  party,
  mine,
  onBehalf,
  iso,
  now,
}: {
  party: Party;
  mine?: boolean;
  onBehalf?: boolean;
  iso: string;
  now: number;
}) {
  const { t } = useTranslation();
  const who = usePartyText();
  // Posted for a household (代发), the role is the poster's, not the household's: the badge says it.
  const shown = onBehalf && party.label ? { label: party.label, role: null } : party;
  return (
    <span className="street-byline">
      <span className="street-who">{mine ? t('street.me') : who(shown)}</span>
      {onBehalf ? (
        <span className="badge street-on-behalf">
          {t(party.role === 'admin' ? 'street.onBehalf.admin' : 'street.onBehalf.volunteer')}
        </span>
      ) : null}
      <span className="muted">
        <Ago iso={iso} now={now} />
      </span>
    </span>
  );
}
