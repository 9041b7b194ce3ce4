/** What user lifecycle changes need from session management (implemented by SessionService). */
export interface UserSessions {
  /** Ends every active session of the user at once; their refresh tokens stop working. */
  endAllForUser(userId: string, reason: 'deactivated' | 'administrator'): Promise<number>;
}
