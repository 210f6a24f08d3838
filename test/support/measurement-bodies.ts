/** A patient's own measurement of each kind the API takes, as its body (BMI from weight and height). */
export const ONE_OF_EACH_MEASUREMENT = [
  { type: 'blood-pressure', systolic: 150, diastolic: 95 },
  { type: 'bmi', weightKg: 90, heightCm: 170 },
  { type: 'smoking', status: 'current' },
  { type: 'wellbeing', value: 7 },
  { type: 'exercise', value: 30 },
  { type: 'fruit-veg', value: 3 },
  { type: 'weight', value: 80 },
  { type: 'height', value: 170 },
] as const;
