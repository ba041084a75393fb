import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../session.tsx';

/** The three roles as USWDS tile radios, each with what it allows. */
export function RoleRadios({
  name,
  legend,
  value,
  onChange,
  large = false,
}: {
  name: string;
  legend: string;
  /** A large legend when the fieldset is a section of its own. */
  large?: boolean;
  value: Role;
  onChange: (role: Role) => void;
}) {
  const { t } = useTranslation('dashboard');
  return (
    <fieldset className="usa-fieldset civq-fieldset">
      <legend className={`usa-legend${large ? ' usa-legend--large' : ''}`}>{legend}</legend>
      {ROLES.map((role) => (
        <div className="usa-radio" key={role}>
          <input
            className="usa-radio__input usa-radio__input--tile"
            id={`${name}-${role}`}
            type="radio"
            name={name}
            value={role}
            checked={value === role}
            onChange={() => onChange(role)}
          />
          <label className="usa-radio__label" htmlFor={`${name}-${role}`}>
            {t(`roles.${role}.name`)}
            <span className="usa-checkbox__label-description">{t(`roles.${role}.description`)}</span>
          </label>
        </div>
      ))}
    </fieldset>
  );
}
