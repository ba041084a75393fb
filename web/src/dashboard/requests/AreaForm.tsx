import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Loading } from '../../components/Loading.tsx';
import { Field } from '../../ui/Field.tsx';
import { fieldErrors } from '../../ui/formErrors.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { useSession } from '../session.tsx';
import { API, REQUESTS_KEY, useArea, type Area } from './api.ts';

type Box = Record<'minLat' | 'minLng' | 'maxLat' | 'maxLng', string>;
const EDGES = ['minLat', 'maxLat', 'minLng', 'maxLng'] as const;

/** Where reports may be pinned: a box of latitudes and longitudes, optionally a polygon inside it. */
export function AreaForm({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation('dashboard');
  const area = useArea();
  const a = (key: string) => t(`requests.area.${key}`);
  return (
    <section className="civq-req-section" aria-labelledby="area-title">
      <h2 id="area-title">{a('title')}</h2>
      <p className="civq-measure">{a('intro')}</p>
      {area.isPending && <Loading />}
      {area.error instanceof ApiError && area.error.status !== 404 && <ProblemAlert problem={area.error} />}
      {(area.data || (area.error instanceof ApiError && area.error.status === 404)) && (
        <AreaFields area={area.data ?? null} onDone={onDone} />
      )}
    </section>
  );
}

function AreaFields({ area, onDone }: { area: Area | null; onDone: (message: string) => void }) {
  const { t } = useTranslation('dashboard');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const { busy, problem, submit } = useFormSubmit();
  const initial = (): Box => ({
    minLat: area ? String(area.minLat) : '',
    minLng: area ? String(area.minLng) : '',
    maxLat: area ? String(area.maxLat) : '',
    maxLng: area ? String(area.maxLng) : '',
  });
  const [box, setBox] = useState<Box>(initial);
  const [polygon, setPolygon] = useState(area?.polygon ? JSON.stringify(area.polygon) : '');
  const [jurisdiction, setJurisdiction] = useState(area?.jurisdictionId ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const a = (key: string) => t(`requests.area.${key}`);

  const parse = () => {
    const next: Record<string, string> = {};
    const nums: Partial<Record<keyof Box, number>> = {};
    for (const edge of EDGES) {
      const n = Number(box[edge].trim().replace(',', '.'));
      const limit = edge.endsWith('Lat') ? 90 : 180;
      if (box[edge].trim() === '' || !Number.isFinite(n) || Math.abs(n) > limit)
        next[edge] = a(edge.endsWith('Lat') ? 'latInvalid' : 'lngInvalid');
      else nums[edge] = n;
    }
    if (nums.minLat !== undefined && nums.maxLat !== undefined && nums.minLat >= nums.maxLat)
      next.maxLat = a('order');
    if (nums.minLng !== undefined && nums.maxLng !== undefined && nums.minLng >= nums.maxLng)
      next.maxLng = a('order');
    let shape: unknown = null;
    if (polygon.trim()) {
      try {
        shape = JSON.parse(polygon);
        const s = shape as { type?: unknown; coordinates?: unknown };
        if (s.type !== 'Polygon' || !Array.isArray(s.coordinates)) next.polygon = a('polygonInvalid');
      } catch {
        next.polygon = a('polygonInvalid');
      }
    }
    if (!jurisdiction.trim()) next.jurisdictionId = t('requests.catalogue.form.required');
    return { next, nums, shape };
  };

  const onSubmit = (event: React.FormEvent) => {
    const { next, nums, shape } = parse();
    return void submit(
      {
        validate: () => {
          setErrors(next);
          const first = [...EDGES, 'polygon', 'jurisdictionId'].find((f) => next[f]);
          if (first) document.getElementById(`area-${first}`)?.focus();
          return !first;
        },
        action: async () => {
          await call(`${API}/admin/area`, 'PUT', {
            ...nums,
            polygon: shape,
            jurisdictionId: jurisdiction.trim(),
          });
          await queryClient.invalidateQueries({ queryKey: REQUESTS_KEY });
          onDone(a('saved'));
        },
        onError: (err) => setErrors(fieldErrors(err)),
      },
      event,
    );
  };

  return (
    <form className="civq-req-catform" onSubmit={onSubmit} noValidate data-testid="area-form">
      {problem && <ProblemAlert problem={problem} />}
      <div className="civq-req-grid civq-req-grid--4">
        {EDGES.map((edge) => (
          <Field key={edge} id={`area-${edge}`} label={a(edge)} error={errors[edge]}>
            {(c) => (
              <input
                {...c}
                type="text"
                inputMode="decimal"
                value={box[edge]}
                onChange={(e) => setBox({ ...box, [edge]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </div>
      <Field
        id="area-polygon"
        label={a('polygon')}
        hint={a('polygonHint')}
        optional={a('optional')}
        error={errors.polygon}
        kind="usa-textarea"
      >
        {(c) => (
          <textarea
            {...c}
            rows={4}
            spellCheck={false}
            value={polygon}
            onChange={(e) => setPolygon(e.target.value)}
          />
        )}
      </Field>
      <Field
        id="area-jurisdictionId"
        label={a('jurisdiction')}
        hint={a('jurisdictionHint')}
        error={errors.jurisdictionId}
      >
        {(c) => (
          <input
            {...c}
            type="text"
            spellCheck={false}
            maxLength={100}
            value={jurisdiction}
            onChange={(e) => setJurisdiction(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="usa-button" disabled={busy}>
        {a('save')}
      </button>
    </form>
  );
}
