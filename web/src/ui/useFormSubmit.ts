import { useCallback, useState, type FormEvent } from 'react';
import { useProblem } from './ProblemAlert.tsx';

type Submit = {
  /** Checks the form first; false stops here (it has shown and focused its own errors). */
  validate?: () => boolean;
  /** The API call(s). */
  action: () => Promise<unknown>;
  /** Runs on a refusal before the problem shows: put field errors under their fields. */
  onError?: (err: unknown) => void;
};

/**
 * The lifecycle every form shares: clear the last problem, check, mark busy, call the API,
 * and on a refusal keep the problem (ProblemAlert shows it and takes focus) — then not busy.
 * `submit` resolves to true when the action succeeded; `run` is the same without the check,
 * for handlers that check (and clear the problem) themselves.
 */
export function useFormSubmit() {
  const [problem, setProblem] = useProblem();
  const [busy, setBusy] = useState(false);

  const submit = useCallback(
    async ({ validate, action, onError }: Submit, event?: FormEvent): Promise<boolean> => {
      event?.preventDefault();
      setProblem(null);
      if (validate && !validate()) return false;
      setBusy(true);
      try {
        await action();
        return true;
      } catch (err) {
        onError?.(err);
        setProblem(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [setProblem],
  );

  /** Busy while `action` runs; a refusal goes to `onError` (field errors) and then the problem. */
  const run = useCallback(
    async (action: () => Promise<unknown>, onError?: (err: unknown) => void): Promise<boolean> => {
      setBusy(true);
      try {
        await action();
        return true;
      } catch (err) {
        onError?.(err);
        setProblem(err);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [setProblem],
  );

  return { busy, problem, setProblem, submit, run };
}
