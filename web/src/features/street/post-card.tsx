import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import type { StreetPost } from './types.ts';
import { Byline, KindBadge, PostStatusBadge } from './ui.tsx';

/** One post on the board: kind and state, title, the start of its text, who and when, how many replies. */
export function PostCard({ post, now }: { post: StreetPost; now: number }) {
  const { t } = useTranslation();
  // The board's filter goes along, so the post's back arrow returns to it.
  const { search } = useLocation();
  return (
    <Link
      to={`/c/${post.communityId}/street/${post.id}`}
      state={{ board: search }}
      className={
        post.kind === 'need' && post.status === 'open'
          ? 'card street-card street-card-waiting'
          : 'card street-card'
      }
      data-testid="post-card"
    >
      <span className="street-badges">
        <KindBadge kind={post.kind} />
        <PostStatusBadge post={post} />
      </span>
      <h3 className="street-card-title">{post.title}</h3>
      {post.body ? <p className="street-card-body">{post.body}</p> : null}
      <span className="street-card-foot">
        <Byline party={post.author} onBehalf={post.onBehalf} iso={post.createdAt} now={now} />
        {post.replyCount > 0 ? (
          <span className="street-replies">{t('street.replies', { count: post.replyCount })}</span>
        ) : null}
      </span>
    </Link>
  );
}
