/**
 * userName uniqueness across users (the aggregate cannot see other users). A claim is taken
 * before the event that gives a user the name is appended, and released after the user gives it
 * up, so two concurrent creations of the same name cannot both succeed. Names compare
 * case-insensitively.
 */
export interface UserNameRegistry {
  /** Throws UserNameTakenError when another (existing) user holds the name; idempotent for the holder. */
  claim(userName: string, userId: string): Promise<void>;
  /** Frees the name if `userId` holds it. */
  release(userName: string, userId: string): Promise<void>;
}
