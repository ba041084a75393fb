import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { useDocumentTitle, useLanguage } from '../../hooks.ts';
import type { Language } from '../../i18n.ts';
import { Field, TextField } from '../../ui/Field.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { fieldErrors } from '../../ui/formErrors.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { useResident } from '../account/session.ts';
import { Confirmation } from './Confirmation.tsx';
import { Location } from './Location.tsx';
import { Photos, type Photo } from './Photos.tsx';
import { questionId, Questions, toAnswers, type Draft } from './Questions.tsx';
import { requestsWrite, useCatalogue } from './requestsApi.ts';
import type { Filed, LatLng, NewReport } from './types.ts';

/** Problems about one part of the form that the server names by code rather than by field. */
const CODE_FIELDS: Record<string, string> = {
  unknown_category: 'categoryCode',
  location_required: 'location',
  location_outside_area: 'location',
  too_many_photos: 'photoIds',
  photo_not_found: 'photoIds',
  contact_required: 'contact',
};

/** Where focus goes for a field the server refused. */
function elementFor(field: string): string {
  if (field.startsWith('answers.')) return questionId(field.slice('answers.'.length));
  if (field === 'categoryCode') return 'category';
  if (field === 'photoIds') return 'photos';
  if (field.startsWith('contact')) return field === 'contact.phone' ? 'contact-phone' : 'contact-email';
  return field;
}

/** The report form: category, what and where, photos, how to reach the resident; then the code. */
export default function ReportPage() {
  const { t } = useTranslation('requests');
  const lang = useLanguage();
  useDocumentTitle(t('portal.form.title'));
  const catalogue = useCatalogue();
  const me = useResident();
  const session = me.data;

  const [categoryCode, setCategoryCode] = useState('');
  const [description, setDescription] = useState('');
  const [draft, setDraft] = useState<Draft>({});
  const [address, setAddress] = useState('');
  const [location, setLocation] = useState<LatLng | null>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [language, setLanguage] = useState<Language>(lang);
  // Our own checks, as catalog keys so they follow a change of language.
  const [local, setLocal] = useState<Record<string, string>>({});
  const [filed, setFiled] = useState<Filed | null>(null);
  const { busy, problem, submit } = useFormSubmit();

  const categories = catalogue.data?.categories ?? [];
  const category = categories.find((c) => c.code === categoryCode);

  // Server refusals under their fields (in the language they came in), then our own checks.
  const errors: Record<string, string> = { ...fieldErrors(problem) };
  for (const [field, key] of Object.entries(local)) errors[field] = t(key);
  if (problem && CODE_FIELDS[problem.code]) errors[CODE_FIELDS[problem.code]!] ??= problem.detail;

  useEffect(() => {
    const first = Object.keys(errors)[0];
    if (first && problem) document.getElementById(elementFor(first))?.focus();
    // Only when a new refusal arrives.
  }, [problem]);

  const validate = () => {
    const found: Record<string, string> = {};
    if (!category) found.categoryCode = 'portal.errors.category';
    if (!description.trim()) found.description = 'portal.errors.description';
    if (photos.some((p) => p.state === 'uploading')) found.photoIds = 'portal.errors.uploading';
    else if (photos.some((p) => p.state === 'failed')) found.photoIds = 'portal.errors.photoFailed';
    setLocal(found);
    const first = Object.keys(found)[0];
    if (first) document.getElementById(elementFor(first))?.focus();
    return !first;
  };

  const onSubmit = (event: FormEvent) =>
    submit(
      {
        validate,
        action: async () => {
          const report: NewReport = {
            categoryCode,
            description: description.trim(),
            address: address.trim() || null,
            location,
            answers: toAnswers(category?.questions ?? [], draft),
            photoIds: photos.flatMap((p) => (p.photoId ? [p.photoId] : [])),
            language,
            ...(!session && {
              contact: {
                ...(name.trim() && { name: name.trim() }),
                ...(email.trim() && { email: email.trim() }),
                ...(phone.trim() && { phone: phone.trim() }),
              },
            }),
          };
          setFiled(await requestsWrite<Filed>(session, '', 'POST', report));
          window.scrollTo(0, 0);
        },
      },
      event,
    );

  if (filed)
    return (
      <Confirmation
        filed={filed}
        email={session ? null : email.trim() || null}
        signedIn={Boolean(session)}
        onAnother={() => {
          setFiled(null);
          setCategoryCode('');
          setDescription('');
          setDraft({});
          setAddress('');
          setLocation(null);
          setPhotos([]);
        }}
      />
    );

  return (
    <div className="civq-req">
      <PageHeading>{t('portal.form.title')}</PageHeading>
      <p className="usa-intro civq-measure">{t('portal.form.intro')}</p>
      {me.isSuccess && !session && (
        <p className="civq-measure">
          {t('portal.form.account')}{' '}
          <Link className="usa-link" to="/portal/account/sign-in">
            {t('portal.form.signIn')}
          </Link>
        </p>
      )}
      {problem && <ProblemAlert problem={problem} />}
      {catalogue.isPending && <Loading />}
      {catalogue.isError && <Alert type="error" heading={t('portal.errors.catalogue')} />}
      {catalogue.isSuccess && (
        <form
          className="usa-form usa-form--large civq-req-form"
          noValidate
          onSubmit={(e) => void onSubmit(e)}
        >
          <div className={`usa-form-group${errors.categoryCode ? ' usa-form-group--error' : ''}`}>
            <fieldset
              className="usa-fieldset"
              id="category"
              tabIndex={-1}
              aria-describedby={errors.categoryCode ? 'category-error' : undefined}
            >
              <legend className="usa-legend usa-legend--large">{t('portal.form.categoryTitle')}</legend>
              {errors.categoryCode && (
                <span className="usa-error-message" id="category-error" role="alert">
                  {errors.categoryCode}
                </span>
              )}
              <div className="civq-req-categories">
                {categories.map((c) => (
                  <div className="usa-radio" key={c.code}>
                    <input
                      className="usa-radio__input usa-radio__input--tile"
                      id={`category-${c.code}`}
                      type="radio"
                      name="category"
                      value={c.code}
                      checked={categoryCode === c.code}
                      onChange={() => setCategoryCode(c.code)}
                    />
                    <label className="usa-radio__label" htmlFor={`category-${c.code}`}>
                      {c.name[lang]}
                      <span className="usa-checkbox__label-description">{c.description[lang]}</span>
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>

          <fieldset className="usa-fieldset">
            <legend className="usa-legend usa-legend--large">{t('portal.form.detailsTitle')}</legend>
            <Field
              id="description"
              label={t('portal.form.description')}
              hint={t('portal.form.descriptionHint')}
              error={errors.description}
              kind="usa-textarea"
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={4}
                  maxLength={4000}
                  aria-required
                  value={description}
                  onChange={(e) => setDescription(e.target.value)}
                />
              )}
            </Field>
            {category && (
              <Questions
                questions={category.questions}
                draft={draft}
                onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
                errors={errors}
              />
            )}
          </fieldset>

          <Location
            address={address}
            onAddress={setAddress}
            location={location}
            onLocation={setLocation}
            required={category?.locationRequired ?? false}
            errors={{ address: errors.address, location: errors.location }}
          />

          <fieldset className="usa-fieldset">
            <legend className="usa-legend usa-legend--large">{t('portal.photos.title')}</legend>
            <Photos photos={photos} setPhotos={setPhotos} error={errors.photoIds} />
          </fieldset>

          <fieldset className="usa-fieldset">
            <legend className="usa-legend usa-legend--large">{t('portal.contact.title')}</legend>
            {session ? (
              <p>{t('portal.contact.signedIn', { email: session.resident.email })}</p>
            ) : (
              <>
                <p className="usa-hint" id="contact-hint">
                  {t('portal.contact.hint')}
                </p>
                {errors.contact && (
                  <span className="usa-error-message" role="alert" data-testid="contact-error">
                    {errors.contact}
                  </span>
                )}
                <TextField
                  id="contact-name"
                  label={t('portal.contact.name')}
                  autoComplete="name"
                  value={name}
                  onChange={setName}
                  error={errors['contact.name']}
                />
                <TextField
                  id="contact-email"
                  type="email"
                  label={t('portal.contact.email')}
                  autoComplete="email"
                  value={email}
                  onChange={setEmail}
                  error={errors['contact.email']}
                />
                <TextField
                  id="contact-phone"
                  type="tel"
                  label={t('portal.contact.phone')}
                  autoComplete="tel"
                  inputMode="tel"
                  value={phone}
                  onChange={setPhone}
                  error={errors['contact.phone']}
                />
              </>
            )}
            <fieldset className="usa-fieldset margin-top-3">
              <legend className="usa-legend">{t('portal.contact.language')}</legend>
              {(['en', 'es'] as const).map((l) => (
                <div className="usa-radio" key={l}>
                  <input
                    className="usa-radio__input"
                    id={`language-${l}`}
                    type="radio"
                    name="language"
                    value={l}
                    checked={language === l}
                    onChange={() => setLanguage(l)}
                  />
                  <label className="usa-radio__label" htmlFor={`language-${l}`} lang={l}>
                    {t(`portal.contact.languages.${l}`)}
                  </label>
                </div>
              ))}
            </fieldset>
          </fieldset>

          <button type="submit" className="usa-button usa-button--big margin-top-4" disabled={busy}>
            {busy ? t('portal.form.sending') : t('portal.form.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
