import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadPhoto, type PhotoFailure } from './requestsApi.ts';

export const MAX_PHOTOS = 3;
const ACCEPT = 'image/jpeg,image/png,image/webp';

export type Photo = {
  key: string;
  name: string;
  /** A small preview drawn from the local file (a data: URL; the page's CSP allows no blob:). */
  thumb: string | null;
  state: 'uploading' | 'done' | 'failed';
  photoId?: string;
  failure?: PhotoFailure;
};

/** A 240-pixel preview of the chosen file, or null when the browser cannot read it as an image. */
async function thumbnail(file: File): Promise<string | null> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 240 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/jpeg', 0.8);
  } catch {
    return null;
  }
}

let sequence = 0;

type Props = {
  photos: Photo[];
  setPhotos: (update: (photos: Photo[]) => Photo[]) => void;
  error?: string | undefined;
};

/**
 * Up to three photos, each sent as soon as it is chosen so a slow upload does not hold up the
 * report; a refused file shows why, in the page's language, and can be removed.
 */
export function Photos({ photos, setPhotos, error }: Props) {
  const { t } = useTranslation('requests');
  const input = useRef<HTMLInputElement>(null);
  const room = MAX_PHOTOS - photos.length;

  const add = (files: FileList | null) => {
    for (const file of [...(files ?? [])].slice(0, room)) {
      sequence += 1;
      const key = `photo-${sequence}`;
      setPhotos((list) => [...list, { key, name: file.name, thumb: null, state: 'uploading' }]);
      const update = (patch: Partial<Photo>) =>
        setPhotos((list) => list.map((p) => (p.key === key ? { ...p, ...patch } : p)));
      void thumbnail(file).then((thumb) => update({ thumb }));
      void uploadPhoto(file).then((result) =>
        update(
          'photoId' in result
            ? { state: 'done', photoId: result.photoId }
            : { state: 'failed', failure: result.failure },
        ),
      );
    }
    if (input.current) input.current.value = '';
  };

  return (
    <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <div className="usa-hint margin-top-1" id="photos-hint">
        {t('portal.photos.hint', { max: MAX_PHOTOS })}
      </div>
      {error && (
        <span className="usa-error-message" id="photos-error" role="alert">
          {error}
        </span>
      )}
      {photos.length > 0 && (
        <ul className="civq-req-photos" data-testid="photo-list">
          {photos.map((p, i) => (
            <li key={p.key} className="civq-req-photo" data-testid="photo-item" data-state={p.state}>
              {p.thumb ? (
                <img src={p.thumb} alt={t('portal.photos.thumbAlt', { n: i + 1 })} />
              ) : (
                <span className="civq-req-photo__blank" aria-hidden="true" />
              )}
              <div className="civq-req-photo__text">
                <span className="civq-req-photo__name">{p.name}</span>
                <span
                  className={p.state === 'failed' ? 'usa-error-message margin-0' : 'civq-req-photo__state'}
                  role={p.state === 'failed' ? 'alert' : undefined}
                  data-testid="photo-state"
                >
                  {p.state === 'failed'
                    ? t(`portal.photos.failure.${p.failure ?? 'failed'}`)
                    : t(`portal.photos.${p.state}`)}
                </span>
                <button
                  type="button"
                  className="usa-button usa-button--unstyled"
                  onClick={() => setPhotos((list) => list.filter((x) => x.key !== p.key))}
                >
                  {t('portal.photos.remove', { n: i + 1 })}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {room > 0 ? (
        // The browser draws its file control in its own language; this label is the button.
        <div className="civq-req-file">
          <input
            ref={input}
            className="civq-req-file__input"
            id="photos"
            name="photos"
            type="file"
            accept={ACCEPT}
            multiple
            aria-describedby={error ? 'photos-hint photos-error' : 'photos-hint'}
            onChange={(e) => add(e.target.files)}
            data-testid="photo-input"
          />
          <label className="usa-button usa-button--outline civq-req-file__button" htmlFor="photos">
            {photos.length ? t('portal.photos.addMore') : t('portal.photos.label')}{' '}
            <span className="usa-sr-only">{t('portal.form.optional')}</span>
          </label>
        </div>
      ) : (
        <p className="margin-top-1" id="photos">
          {t('portal.photos.full', { max: MAX_PHOTOS })}
        </p>
      )}
    </div>
  );
}
