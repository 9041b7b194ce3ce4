import { useI18n, type MessageKey } from '../../i18n';
import { MODERATION_REASONS } from './api';

/** A reason code in the reader's language; a code this client does not know is shown as it is. */
export function useReasonLabel(): (code: string) => string {
  const { t } = useI18n();
  return (code) => ((MODERATION_REASONS as readonly string[]).includes(code) ? t(`modReason_${code}` as MessageKey) : code);
}
