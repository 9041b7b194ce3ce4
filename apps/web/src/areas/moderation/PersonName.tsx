import type { Me } from '../../api';
import { AuthorName } from '../../views/PostCard';

/** A person's display name ("you" for the reader), as elsewhere in the client. */
export function PersonName({ id, me }: { id: string; me: Me }) {
  return <AuthorName authorId={id} me={me} />;
}
