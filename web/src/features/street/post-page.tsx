import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import { ApiError } from '../../api-client.ts';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad, useRefreshWhileVisible } from '../../hooks.ts';
import { ConfirmDialog, useNow } from '../buys/ui.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { REMOVE_REASON_MAX, REPLY_MAX } from '../../../../src/core/street/model.ts';
import { streetApi, type PostAction } from './api.ts';
import { canPost } from './rules.ts';
import type { StreetPost, StreetReply } from './types.ts';
import { Byline, KindBadge, PostStatusBadge, usePartyText } from './ui.tsx';

const TOASTS: Record<PostAction | 'remove', string> = {
  take: 'street.post.taken',
  release: 'street.post.released',
  resolve: 'street.post.resolvedToast',
  close: 'street.post.closedToast',
  remove: 'street.post.removedToast',
};

/** A 409 says the post changed under the caller (taken by another, ended): read it again. */
const changed = (err: unknown) => err instanceof ApiError && err.status === 409;

function Replies({ replies, now }: { replies: StreetReply[]; now: number }) {
  const { t } = useTranslation();
  if (replies.length === 0) return <p className="muted">{t('street.post.noReplies')}</p>;
  return (
    <ol className="list-plain street-reply-list" data-testid="replies">
      {replies.map((r) => (
        <li key={r.id} className={r.mine ? 'street-reply street-reply-mine' : 'street-reply'}>
          <Byline party={r.author} mine={r.mine} iso={r.createdAt} now={now} />
          <p className="street-text">{r.body}</p>
        </li>
      ))}
    </ol>
  );
}

function ReplyForm({ post, onSent }: { post: StreetPost; onSent: (err?: unknown) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await streetApi.reply(post.id, body.trim());
      setBody('');
      toast(t('street.post.replySent'), 'success');
      onSent();
    } catch (err) {
      setError(err);
      if (changed(err)) onSent(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={send} className="street-form" noValidate>
      <TextAreaField
        label={t('street.post.reply')}
        hint={t('street.count', { n: body.length, max: REPLY_MAX })}
        placeholder={t('street.post.replyPlaceholder')}
        rows={3}
        maxLength={REPLY_MAX}
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <FormError error={error} />
      <Button type="submit" block busy={busy} disabled={!body.trim()}>
        {t('street.post.replySend')}
      </Button>
    </form>
  );
}

function Actions({ post, onDone }: { post: StreetPost; onDone: (next: StreetPost | null) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState<PostAction | 'remove' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [asking, setAsking] = useState<'close' | 'remove' | null>(null);
  const [reason, setReason] = useState('');
  const { can } = post;

  async function run(action: PostAction | 'remove') {
    setBusy(action);
    setError(null);
    try {
      const next =
        action === 'remove'
          ? await streetApi.remove(post.id, reason.trim())
          : await streetApi.act(post.id, action);
      setAsking(null);
      toast(t(TOASTS[action]), 'success');
      onDone(next);
    } catch (err) {
      setAsking(null);
      setError(err);
      if (changed(err)) onDone(null);
    } finally {
      setBusy(null);
    }
  }

  const any = can.take || can.release || can.resolve || can.close || can.remove;
  if (!any) return <FormError error={error} />;
  return (
    <div className="stack street-actions">
      {can.take ? (
        <Button block busy={busy === 'take'} disabled={busy !== null} onClick={() => void run('take')}>
          {t('street.post.take')}
        </Button>
      ) : null}
      {can.resolve ? (
        <Button
          block
          // Resolved once someone helps is the next step; without a helper it is one choice among others.
          variant={post.status === 'taken' ? 'primary' : 'secondary'}
          busy={busy === 'resolve'}
          disabled={busy !== null}
          onClick={() => void run('resolve')}
        >
          {t('street.post.resolve')}
        </Button>
      ) : null}
      <div className="button-row">
        {can.release ? (
          <Button
            variant="secondary"
            busy={busy === 'release'}
            disabled={busy !== null}
            onClick={() => void run('release')}
          >
            {t(post.mine || can.remove ? 'street.post.releaseMine' : 'street.post.release')}
          </Button>
        ) : null}
        {can.close ? (
          <Button variant="secondary" disabled={busy !== null} onClick={() => setAsking('close')}>
            {t('street.post.close')}
          </Button>
        ) : null}
        {can.remove ? (
          <Button variant="danger" disabled={busy !== null} onClick={() => setAsking('remove')}>
            {t('street.post.remove')}
          </Button>
        ) : null}
      </div>
      <FormError error={error} />
      {asking === 'close' ? (
        <ConfirmDialog
          title={t('street.post.closeTitle')}
          confirmLabel={t('street.post.closeConfirm')}
          dismissLabel={t('street.post.closeKeep')}
          busy={busy === 'close'}
          onConfirm={() => void run('close')}
          onCancel={() => setAsking(null)}
        >
          <p>{t('street.post.closeLead')}</p>
        </ConfirmDialog>
      ) : null}
      {asking === 'remove' ? (
        <ConfirmDialog
          title={t('street.post.removeTitle')}
          confirmLabel={t('street.post.removeConfirm')}
          dismissLabel={t('street.post.removeKeep')}
          danger
          busy={busy === 'remove'}
          confirmDisabled={!reason.trim()}
          onConfirm={() => void run('remove')}
          onCancel={() => setAsking(null)}
        >
          <p>{t('street.post.removeLead')}</p>
          <label className="field">
            <span>{t('street.post.reason')}</span>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={REMOVE_REASON_MAX}
              placeholder={t('street.post.reasonPlaceholder')}
            />
          </label>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/**
 * /c/:id/street/:postId: the whole post, who is helping, the buttons the caller may press (`can`), and the
 * replies, oldest first. A 409 (someone else took it a second earlier, it ended) says so and reads it again.
 */
export default function PostPage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const { postId = '' } = useParams();
  const location = useLocation();
  const now = useNow();
  const who = usePartyText();
  const loaded = useLoad((signal) => streetApi.get(postId, signal), [postId]);
  // The post an action answered, shown at once, until a read brings a newer one.
  const [fresh, setFresh] = useState<StreetPost | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useRefreshWhileVisible(loaded.reload, null);
  // Back to the board as it was left (its filter), when the post was opened from it.
  const from = (location.state as { board?: unknown } | null)?.board;
  const back = `/c/${community.id}/street${typeof from === 'string' ? from : ''}`;

  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'error')
    return (
      <Page title={t('street.title')} back={back}>
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      </Page>
    );
  const read = loaded.data.post;
  const post = fresh && fresh.id === read.id && fresh.updatedAt >= read.updatedAt ? fresh : read;
  const after = (next: StreetPost | null) => {
    setNotice(next ? null : t('street.post.changed'));
    if (next) setFresh(next);
    loaded.reload();
  };
  const ended = post.status !== 'open' && post.status !== 'taken';

  return (
    <Page title={t('street.title')} back={back}>
      <Card className="street-post">
        <span className="street-badges">
          <KindBadge kind={post.kind} />
          <PostStatusBadge post={post} />
        </span>
        <h2 className="street-post-title">{post.title}</h2>
        {post.body ? <p className="street-text">{post.body}</p> : null}
        <Byline party={post.author} onBehalf={post.onBehalf} iso={post.createdAt} now={now} />
        {post.removedReason ? (
          <p className="form-error">{t('street.post.removedReason', { reason: post.removedReason })}</p>
        ) : null}
        {post.helper && (post.status === 'taken' || post.status === 'resolved') ? (
          <p className="street-helper" data-testid="post-helper">
            {t(post.status === 'taken' ? 'street.post.helper' : 'street.post.helped', {
              who: who(post.helper),
            })}
          </p>
        ) : null}
        {post.kind === 'need' && post.status === 'open' && post.can.take ? (
          <p className="muted secondary">{t('street.post.waitingHint')}</p>
        ) : null}
        {notice ? (
          <p className="form-status" role="status">
            {notice}
          </p>
        ) : null}
        <Actions post={post} onDone={after} />
      </Card>
      <Card title={t('street.post.replies', { count: loaded.data.replies.length })}>
        <Replies replies={loaded.data.replies} now={now} />
        {post.can.reply ? (
          <ReplyForm post={post} onSent={(err) => (err ? after(null) : loaded.reload())} />
        ) : ended ? (
          <p className="muted">{t('street.post.ended')}</p>
        ) : !canPost(me) ? (
          <p className="muted">
            {t('street.post.cannotReply')}{' '}
            {me.household?.status === 'pending' ? null : (
              <ButtonLink to={`/c/${community.id}/claim`} variant="ghost">
                {t('street.compose.claim')}
              </ButtonLink>
            )}
          </p>
        ) : null}
      </Card>
    </Page>
  );
}
