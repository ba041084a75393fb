import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../hooks.ts';
import { Field } from '../../ui/Field.tsx';
import { errorsByField } from '../../ui/formErrors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { useDepartments, useStaff, type StaffRequest } from './api.ts';
import { useRequestAction } from './useRequestAction.ts';

type F = 'departmentCode' | 'assigneeId';

/** Who has the request: its department and, when someone picks it up, a person. */
export function AssignForm({
  request,
  onDone,
}: {
  request: StaffRequest;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const act = useRequestAction(request.id);
  const departments = useDepartments().data?.departments ?? [];
  const staff = useStaff().data?.staff ?? [];
  const { busy, problem, submit } = useFormSubmit();
  const [department, setDepartment] = useState(request.department.code);
  const [assignee, setAssignee] = useState(request.assignee?.id ?? '');
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});

  const onSubmit = (event: React.FormEvent) =>
    void submit(
      {
        action: async () => {
          await act('assign', { departmentCode: department, assigneeId: assignee || null });
          onDone(t('requests.assign.done'));
        },
        onError: (err) =>
          setErrors(
            errorsByField(err, { departmentCode: 'departmentCode', assigneeId: 'assigneeId' } as const),
          ),
      },
      event,
    );

  return (
    <form className="usa-form civq-req-form" onSubmit={onSubmit} noValidate data-testid="assign-form">
      {problem && <ProblemAlert problem={problem} />}
      <Field
        id="assign-department"
        label={t('requests.assign.department')}
        error={errors.departmentCode}
        kind="usa-select"
      >
        {(control) => (
          <select {...control} value={department} onChange={(e) => setDepartment(e.target.value)}>
            {departments.length === 0 && (
              <option value={request.department.code}>{request.department.name[lang]}</option>
            )}
            {departments.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name[lang]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="assign-person"
        label={t('requests.assign.person')}
        error={errors.assigneeId}
        kind="usa-select"
      >
        {(control) => (
          <select {...control} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="">{t('requests.unassigned')}</option>
            {request.assignee && !staff.some((s) => s.id === request.assignee!.id) && (
              <option value={request.assignee.id}>{request.assignee.name}</option>
            )}
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="usa-button" disabled={busy}>
        {t('requests.assign.submit')}
      </button>
    </form>
  );
}
