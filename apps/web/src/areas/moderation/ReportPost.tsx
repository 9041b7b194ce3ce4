import { lazy, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import type { Me } from '../../api';
import { useI18n } from '../../i18n';

/** What can be reported from a post's page: the post itself or one of its comments. */
export interface ReportTarget {
  readonly kind: 'post' | 'comment';
  readonly id: string;
  /** The post the comment is under (the post's own id for a post). */
  readonly postId: string;
  /** The author: nobody reports their own content, so the button is not offered to them. */
  readonly authorId: string;
}

// The dialog (its form, the reasons' request) loads as its own chunk the first time someone reports.
const ReportDialog = lazy(() => import('./ReportDialog'));

/**
 * The "report" action beside a post or comment: a `Melden`/`Report` button that opens a dialog
 * (reason, optional explanation). Nothing for the reader's own content.
 */
export function ReportPost({ target, me }: { readonly target: ReportTarget; readonly me: Me }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (target.authorId === me.id) return null;
  return (
    <>
      <Button className="button secondary mod-report" onPress={() => setOpen(true)}>
        {t('modReport')}
      </Button>
      {open && (
        <Suspense fallback={null}>
          <ReportDialog target={target} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
