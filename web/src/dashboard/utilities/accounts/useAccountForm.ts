import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProblem } from '../../../ui/ProblemAlert.tsx';
import { checkForm, FIELD_ORDER, SERVER_FIELDS, type AccountForm, type FormErrors } from './accountForm.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';

/**
 * The state of an account form: its values, the errors under its fields (found here or
 * sent back by the server), the last problem, and a submit that checks first and moves
 * focus to the first field with an error.
 */
export function useAccountForm(initial: AccountForm) {
  const { t } = useTranslation('dashboard');
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [problem, setProblem] = useProblem();
  const [busy, setBusy] = useState(false);

  const set = useCallback(<K extends keyof AccountForm>(key: K, value: AccountForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
  }, []);

  const focusFirst = (found: FormErrors) => {
    const first = FIELD_ORDER.find((f) => found[f]);
    if (first) document.getElementById(first)?.focus();
  };

  const submit = async (send: (form: AccountForm) => Promise<void>) => {
    setProblem(null);
    const found: FormErrors = {};
    for (const [field, key] of Object.entries(checkForm(form)))
      found[field as keyof AccountForm] = t(`utilities.form.errors.${key}`);
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirst(found);
    setBusy(true);
    try {
      await send(form);
    } catch (err) {
      const fromServer: FormErrors = {};
      for (const [path, message] of Object.entries(fieldErrors(err))) {
        const field = SERVER_FIELDS[path];
        if (field) fromServer[field] ??= message;
      }
      setErrors(fromServer);
      setProblem(err);
      focusFirst(fromServer);
    } finally {
      setBusy(false);
    }
  };

  return { form, set, setForm, errors, problem, busy, submit };
}
