/** The street's calls, one function each, so screens never build URLs by hand. */
import { api, seg } from '../../api-client.ts';
import { boardQuery, type BoardFilter } from './board-filter.ts';
import type { PostInput, PostWithReplies, StreetBoard, StreetPost, StreetReply } from './types.ts';

const postPath = (postId: string) => `/api/posts/${seg(postId)}`;

/** The actions on a post that take no body and answer the post. */
export type PostAction = 'take' | 'release' | 'resolve' | 'close';

export const streetApi = {
  board: (communityId: string, filter: BoardFilter, before: string | null, signal?: AbortSignal) =>
    api.get<StreetBoard>(`/api/communities/${seg(communityId)}/posts${boardQuery(filter, before)}`, {
      signal,
    }),
  create: (communityId: string, input: PostInput) =>
    api.post<StreetPost>(`/api/communities/${seg(communityId)}/posts`, input),
  get: (postId: string, signal?: AbortSignal) => api.get<PostWithReplies>(postPath(postId), { signal }),
  act: (postId: string, action: PostAction) => api.post<StreetPost>(`${postPath(postId)}/${action}`),
  remove: (postId: string, reason: string) => api.post<StreetPost>(`${postPath(postId)}/remove`, { reason }),
  reply: (postId: string, body: string) => api.post<StreetReply>(`${postPath(postId)}/replies`, { body }),
};
