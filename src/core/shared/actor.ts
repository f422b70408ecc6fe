/** Who is acting: a signed-in user (by session cookie or bearer token), resolved by the HTTP layer. */
export interface Actor {
  userId: string;
  displayName: string;
  /** How the request authenticated; CSRF checks apply to cookie sessions only. */
  via: 'session' | 'token';
}
