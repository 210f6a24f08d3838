import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { ME, type Answer, type BodyOf } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { Saved } from '../components/Saved';
import { Table } from '../components/Table';
import { TrendChart } from '../components/TrendChart';
import { useLoad, type Loaded } from '../load';

type Measurement = Answer<'/patients/{patientId}/measurements', 'post'>;
type Smoking = NonNullable<Measurement['status']>;
const SMOKING_WORDS: Record<Smoking, string> = { never: 'I have never smoked', former: 'I used to smoke', current: 'I smoke' };

/** A number the person types, named as the API names it in the body. */
interface NumberInput {
  name: 'value' | 'systolic' | 'diastolic' | 'weightKg' | 'heightCm';
  label: string;
  hint?: string;
}

/** A line on the trend chart, and a column of the table. */
interface Series {
  label: string;
  pick: (m: Measurement) => number | undefined;
}

interface Kind {
  label: string;
  unit: string;
  /** The numbers to type; smoking has a choice instead. */
  inputs: NumberInput[];
  series: Series[];
  /** What was saved, in words. */
  said(m: Measurement): string;
}

const value: Series[] = [{ label: 'Reading', pick: (m) => m.value }];

/** What a person records themselves; GP and care team readings of the same kinds show here too. */
const KINDS = {
  wellbeing: {
    label: 'Wellbeing',
    unit: 'out of 10',
    inputs: [{ name: 'value', label: 'Wellbeing (out of 10)', hint: '1 is the worst, 10 the best' }],
    series: value,
    said: (m) => `wellbeing ${m.value} out of 10`,
  },
  'blood-pressure': {
    label: 'Blood pressure',
    unit: 'mmHg',
    inputs: [
      { name: 'systolic', label: 'Systolic (the higher number, mmHg)' },
      { name: 'diastolic', label: 'Diastolic (the lower number, mmHg)' },
    ],
    series: [
      { label: 'Systolic', pick: (m) => m.systolic },
      { label: 'Diastolic', pick: (m) => m.diastolic },
    ],
    said: (m) => `blood pressure ${m.systolic}/${m.diastolic} mmHg`,
  },
  bmi: {
    label: 'Body mass index (BMI)',
    unit: 'kg/m²',
    inputs: [
      { name: 'weightKg', label: 'Weight (kg)' },
      { name: 'heightCm', label: 'Height (cm)', hint: 'We work out your BMI from your weight and height' },
    ],
    series: [{ label: 'BMI', pick: (m) => m.value }],
    said: (m) => `BMI ${m.value}`,
  },
  weight: { label: 'Weight', unit: 'kg', inputs: [{ name: 'value', label: 'Weight (kg)' }], series: value, said: (m) => `weight ${m.value} kg` },
  exercise: { label: 'Exercise', unit: 'minutes a week', inputs: [{ name: 'value', label: 'Exercise (minutes a week)' }], series: value, said: (m) => `exercise ${m.value} minutes a week` },
  'fruit-veg': {
    label: 'Fruit and vegetables',
    unit: 'portions a day',
    inputs: [{ name: 'value', label: 'Fruit and vegetables (portions a day)' }],
    series: value,
    said: (m) => `${m.value} portions of fruit and vegetables a day`,
  },
  smoking: { label: 'Smoking', unit: '', inputs: [], series: [], said: (m) => (m.status ? SMOKING_WORDS[m.status].toLowerCase() : 'smoking') },
} satisfies Record<string, Kind>;
type Type = keyof typeof KINDS;

const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

type Flag = Measurement['flags'][number];
/** What a reading raised against the borough's thresholds, in words. */
export const FLAG_WORDS: Record<Flag, string> = {
  'bmi-high': 'BMI high',
  'bmi-low': 'BMI low',
  'blood-pressure-high': 'Blood pressure high',
  'exercise-low': 'Little exercise',
  smoker: 'Smokes',
};

/** The readings in a table; `flagged` adds what each raised (for the care team). */
const ReadingsTable = ({ kind, readings, flagged }: { kind: Kind; readings: Measurement[]; flagged: boolean }) => (
  <Table
    caption={`${kind.label} readings, oldest first`}
    headings={['When', ...(kind.series.length === 0 ? ['Status'] : kind.series.map((s) => (kind.series.length > 1 ? `${s.label} (${kind.unit})` : kind.unit))), ...(flagged ? ['Flags'] : [])]}
    rows={readings}
    rowKey={(m) => m.measurementId}
    cells={(m) => [
      day(m.at),
      ...(kind.series.length === 0 ? [m.status ? SMOKING_WORDS[m.status] : ''] : kind.series.map((s) => s.pick(m))),
      ...(flagged ? [m.flags.length ? m.flags.map((f) => FLAG_WORDS[f]).join(', ') : 'None'] : []),
    ]}
  />
);

export type MeasurementType = Type;

/** The choice of what to look at (and, for the patient, to record). */
export const KindSelect = ({ type, label, onChoose }: { type: Type; label: string; onChoose: (next: Type) => void }) => (
  <div class="nhsuk-form-group">
    <label class="nhsuk-label" for="measurement-type">
      {label}
    </label>
    <select class="nhsuk-select" id="measurement-type" value={type} onChange={(e) => onChoose(e.currentTarget.value as Type)}>
      {Object.entries(KINDS).map(([t, { label }]) => (
        <option value={t} key={t}>
          {label}
        </option>
      ))}
    </select>
  </div>
);

/** One kind's readings over time: the trend chart and the table of every value. */
export const Trend = ({ type, trend, flagged = false }: { type: Type; trend: Loaded<{ items: Measurement[] }>; flagged?: boolean }) => {
  const kind: Kind = KINDS[type];
  const readings = trend.data?.items ?? [];
  return (
    <>
      <h2 class="nhsuk-heading-m">{kind.label} over time</h2>
      {trend.error && <ErrorSummary error={trend.error} />}
      {readings.length === 0 && !trend.loading && <p>Nothing recorded yet.</p>}
      <TrendChart label={kind.label} lines={kind.series.map((s) => ({ label: s.label, values: readings.map(s.pick).filter((v): v is number => v !== undefined) }))} />
      {readings.length > 0 && <ReadingsTable kind={kind} readings={readings} flagged={flagged} />}
    </>
  );
};

/** My measurements: record one, and see the trend of each kind. */
export const Measurements = () => {
  const { api } = useApp();
  const [type, setType] = useState<Type>('wellbeing');
  const [typed, setTyped] = useState<Partial<Record<NumberInput['name'], string>>>({});
  const [smoking, setSmoking] = useState<Smoking>('never');
  const trend = useLoad(() => api.GET('/patients/{patientId}/measurements', { params: { ...ME, query: { type, limit: 50 } } }), [type]);
  const kind: Kind = KINDS[type];
  const action = useAction(trend.reload);
  const { error } = action;

  const choose = (next: Type) => {
    setType(next);
    setTyped({});
    action.clear();
  };

  const save = async (event: Event) => {
    event.preventDefault();
    // A number that is not a number is refused here, naming its field, as the API would.
    const notNumbers = kind.inputs.filter((i) => !(typed[i.name] ?? '').trim() || !Number.isFinite(Number(typed[i.name])));
    if (notNumbers.length) {
      action.refuse(notNumbers.map((i) => ({ field: `body.${i.name}`, detail: 'must be a number' })));
      return;
    }
    const numbers = Object.fromEntries(kind.inputs.map((i) => [i.name, Number(typed[i.name])]));
    // The kind's inputs are named as the API names them; what does not fit its type is the API's 422.
    const body = { type, ...numbers, ...(type === 'smoking' ? { status: smoking } : {}) } as BodyOf<'/patients/{patientId}/measurements', 'post'>;
    if (
      await action.run(
        () => api.POST('/patients/{patientId}/measurements', { params: ME, body }),
        (made) => `Saved: ${kind.said(made)}.`,
      )
    )
      setTyped({});
  };

  return (
    <>
      <KindSelect type={type} label="What to record or look at" onChoose={choose} />
      <form onSubmit={(e) => void save(e)} noValidate class="app-inline-form">
        <ErrorSummary error={error} fieldIds={Object.fromEntries([...kind.inputs.map((i) => [`body.${i.name}`, `measurement-${i.name}`] as const), ['body.status', 'measurement-status'] as const])} />
        <Saved message={action.saved} />
        {kind.inputs.map((input) => (
          <Field key={`${type}-${input.name}`} id={`measurement-${input.name}`} label={input.label} hint={input.hint} error={error} field={`body.${input.name}`}>
            {(props) => (
              <input
                class="nhsuk-input nhsuk-input--width-5"
                inputMode="decimal"
                value={typed[input.name] ?? ''}
                onInput={(e) => setTyped({ ...typed, [input.name]: e.currentTarget.value })}
                {...props}
              />
            )}
          </Field>
        ))}
        {type === 'smoking' && (
          <Field id="measurement-status" label="Do you smoke?" error={error} field="body.status">
            {(props) => (
              <select class="nhsuk-select" value={smoking} onChange={(e) => setSmoking(e.currentTarget.value as Smoking)} {...props}>
                {Object.entries(SMOKING_WORDS).map(([status, words]) => (
                  <option value={status} key={status}>
                    {words}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <button class="nhsuk-button" type="submit">
          Record
        </button>
      </form>
      <Trend type={type} trend={trend} />
    </>
  );
};
