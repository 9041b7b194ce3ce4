import { Button } from 'react-aria-components';
import { Problem } from '../api';
import { useI18n } from '../i18n';

/** A problem+json answer (or a network failure), announced to screen readers as an alert. */
export function ProblemMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const problem = error instanceof Problem ? error : null;
  const text = problem?.status === 404 ? t('notFound') : (problem?.detail ?? problem?.title ?? (error instanceof Error ? error.message : String(error)));
  return (
    <div role="alert" className="problem">
      <strong>{t('errorTitle')}</strong>
      <p>{text}</p>
      {problem && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>{e.message}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <Button className="button secondary" onPress={onRetry}>
          {t('retry')}
        </Button>
      )}
    </div>
  );
}
