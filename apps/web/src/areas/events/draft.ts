import { useState, type FormEvent } from 'react';
import { newIdempotencyKey } from '../../api';

/**
 * A create form's draft: the fields, one Idempotency-Key per draft (a new one after any edit, so a
 * retried send creates once and an edited one anew), the send in flight and the problem it met.
 * After a created answer the form starts empty with a new key.
 */
export function useCreateDraft<D extends object, R>(empty: D, send: (draft: D, idempotencyKey: string) => Promise<R>, onCreated: (created: R) => void) {
  const [draft, setDraft] = useState<D>(empty);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const set =
    <K extends keyof D>(field: K) =>
    (value: D[K]) => {
      setDraft((d) => ({ ...d, [field]: value }));
      setKey(newIdempotencyKey());
    };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const created = await send(draft, key);
      setDraft(empty);
      setKey(newIdempotencyKey());
      onCreated(created);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  return { draft, set, submit, busy, problem };
}
