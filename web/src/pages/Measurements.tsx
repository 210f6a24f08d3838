import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary, FieldError, fieldError } from '../components/ErrorSummary';
import { useLoad } from '../load';

interface Measurement {
  at: string;
  value?: number;
  systolic?: number;
  diastolic?: number;
}

/** The single-number measurements a person records themselves, with their unit. */
const TYPES = {
  weight: { label: 'Weight', unit: 'kg' },
  exercise: { label: 'Exercise', unit: 'minutes a week' },
  'fruit-veg': { label: 'Fruit and vegetables', unit: 'portions a day' },
  wellbeing: { label: 'Wellbeing', unit: 'out of 10' },
} as const;
type Type = keyof typeof TYPES;

/** A line through the readings, oldest to newest; the same readings are listed beside it. */
const TrendChart = ({ label, points }: { label: string; points: { at: string; value: number }[] }) => {
  if (points.length < 2) return null;
  const values = points.map((p) => p.value);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const range = max - min || 1;
  const w = 320;
  const h = 120;
  const xy = points.map((p, i) => [Math.round((i / (points.length - 1)) * (w - 20)) + 10, Math.round(h - 10 - ((p.value - min) / range) * (h - 20))] as const);
  return (
    <svg class="app-chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`${label} trend: from ${values[0]} to ${values.at(-1)}, lowest ${min}, highest ${max}`}>
      <polyline points={xy.map(([x, y]) => `${x},${y}`).join(' ')} fill="none" stroke="#005eb8" stroke-width="3" />
      {xy.map(([x, y], i) => (
        <circle key={i} cx={x} cy={y} r="4" fill="#005eb8" />
      ))}
    </svg>
  );
};

/** My measurements: record one, and see the trend of each kind. */
export const Measurements = () => {
  const { api } = useApp();
  const [type, setType] = useState<Type>('wellbeing');
  const [value, setValue] = useState('');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<string>();
  const trend = useLoad(() => api<{ items: Measurement[] }>(`/patients/me/measurements?type=${type}&limit=50`), [type]);

  const save = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setSaved(undefined);
    const number = Number(value);
    if (!value.trim() || !Number.isFinite(number)) return setError(new ApiError(422, { status: 422, title: 'Invalid', errors: [{ field: 'body.value', detail: 'must be a number' }] }));
    try {
      await api('/patients/me/measurements', { method: 'POST', body: { type, value: number } });
      await trend.reload();
      setValue('');
      setSaved(`Saved: ${TYPES[type].label.toLowerCase()} ${number} ${TYPES[type].unit}.`);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    }
  };

  const points = (trend.data?.items ?? []).filter((m) => m.value !== undefined).map((m) => ({ at: m.at, value: m.value! }));
  return (
    <>
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="measurement-type">
          What to record or look at
        </label>
        <select class="nhsuk-select" id="measurement-type" value={type} onChange={(e) => setType(e.currentTarget.value as Type)}>
          {Object.entries(TYPES).map(([t, { label }]) => (
            <option value={t} key={t}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <form onSubmit={(e) => void save(e)} noValidate class="app-inline-form">
        <ErrorSummary error={error} fieldIds={{ 'body.value': 'measurement-value' }} />
        {saved && (
          <p class="app-saved" role="status">
            {saved}
          </p>
        )}
        <div class={`nhsuk-form-group${fieldError(error, 'body.value') ? ' nhsuk-form-group--error' : ''}`}>
          <label class="nhsuk-label" for="measurement-value">
            {TYPES[type].label} ({TYPES[type].unit})
          </label>
          <FieldError message={fieldError(error, 'body.value')} />
          <input class="nhsuk-input nhsuk-input--width-5" id="measurement-value" inputMode="decimal" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </div>
        <button class="nhsuk-button" type="submit">
          Record
        </button>
      </form>
      <h2 class="nhsuk-heading-m">{TYPES[type].label} over time</h2>
      {trend.error && <ErrorSummary error={trend.error} />}
      {points.length === 0 && !trend.loading && <p>Nothing recorded yet.</p>}
      <TrendChart label={TYPES[type].label} points={points} />
      {points.length > 0 && (
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{TYPES[type].label} readings, oldest first</caption>
          <thead class="nhsuk-table__head">
            <tr>
              <th scope="col">When</th>
              <th scope="col">{TYPES[type].unit}</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            {points.map((p) => (
              <tr class="nhsuk-table__row" key={p.at}>
                <td class="nhsuk-table__cell">{new Date(p.at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}</td>
                <td class="nhsuk-table__cell">{p.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};
